import JSZip from 'jszip';

/** Slide texts in order, from the deck's XML: what a reader sees. */
export async function deckTexts(bytes: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const slides = Object.keys(zip.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
  const out: string[] = [];
  for (const s of slides) {
    const xml = await zip.file(s)!.async('string');
    out.push(
      [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)]
        .map((m) =>
          m[1]!
            .replace(/&amp;/g, '&')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"'),
        )
        .join(' '),
    );
  }
  return out;
}
