import type { BaseOs } from './company.js';

/**
 * Public advisories the demo's Trivy reports cite. The ids, packages, CWEs and severities
 * follow the published advisories; installed and fixed versions are plausible for the demo's
 * Debian 11/12 images and lockfiles, chosen so that one installed version per package is
 * affected by all of that package's advisories. Descriptions are abbreviated. This is
 * example data for a fictional company, not a vulnerability feed.
 */

export type Ecosystem = 'debian' | 'go' | 'npm' | 'python' | 'java';

export type TrivySeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

export interface Advisory {
  id: string;
  ecosystem: Ecosystem;
  pkg: string;
  /** Debian advisories: per base OS; the advisory does not apply to an OS it has no entry for. */
  versions: Partial<Record<BaseOs | 'lang', readonly [installed: string, fixed: string]>>;
  severity: TrivySeverity;
  score: number;
  cwes: string[];
  title: string;
  published: string;
  /** Only these services carry the package (a tool binary rather than a common library). */
  only?: string[];
}

type Row = [
  id: string,
  ecosystem: Ecosystem,
  pkg: string,
  versions: Advisory['versions'],
  severity: TrivySeverity,
  score: number,
  cwes: string[],
  title: string,
  published: string,
  only?: string[],
];

const d12 = (installed: string, fixed: string) => ({ 'debian-12': [installed, fixed] as const });
const d11 = (installed: string, fixed: string) => ({ 'debian-11': [installed, fixed] as const });
const lang = (installed: string, fixed: string) => ({ lang: [installed, fixed] as const });

// prettier-ignore
const ROWS: Row[] = [
  // ---- Debian 12 (bookworm) packages ------------------------------------------------------
  ['CVE-2023-38545', 'debian', 'libcurl4', d12('7.88.1-10+deb12u3', '7.88.1-10+deb12u4'), 'CRITICAL', 9.8, ['CWE-787'], 'curl: heap based buffer overflow in the SOCKS5 proxy handshake', '2023-10-18T04:15:11Z'],
  ['CVE-2024-45492', 'debian', 'libexpat1', d12('2.5.0-1', '2.5.0-1+deb12u1'), 'CRITICAL', 9.8, ['CWE-190'], 'libexpat: integer overflow in nextScaffoldPart', '2024-08-30T03:15:03Z'],
  ['CVE-2024-45491', 'debian', 'libexpat1', d12('2.5.0-1', '2.5.0-1+deb12u1'), 'CRITICAL', 9.8, ['CWE-190'], 'libexpat: integer overflow in dtdCopy', '2024-08-30T03:15:03Z'],
  ['CVE-2024-32002', 'debian', 'git', d12('1:2.39.2-1.1', '1:2.39.5-0+deb12u1'), 'CRITICAL', 9.0, ['CWE-59'], 'git: Recursive clones RCE', '2024-05-14T19:15:10Z'],
  ['CVE-2024-6387', 'debian', 'openssh-client', d12('1:9.2p1-2+deb12u1', '1:9.2p1-2+deb12u3'), 'HIGH', 8.1, ['CWE-364'], "openssh: regreSSHion - race condition in sshd's SIGALRM handler", '2024-07-01T13:15:06Z'],
  ['CVE-2023-48795', 'debian', 'openssh-client', d12('1:9.2p1-2+deb12u1', '1:9.2p1-2+deb12u2'), 'MEDIUM', 5.9, ['CWE-354'], 'ssh: Prefix truncation attack on Binary Packet Protocol (BPP)', '2023-12-18T16:15:10Z'],
  ['CVE-2023-4911', 'debian', 'libc6', d12('2.36-9+deb12u1', '2.36-9+deb12u3'), 'HIGH', 7.8, ['CWE-787'], 'glibc: buffer overflow in ld.so leading to privilege escalation', '2023-10-03T18:15:10Z'],
  ['CVE-2024-2961', 'debian', 'libc6', d12('2.36-9+deb12u1', '2.36-9+deb12u7'), 'HIGH', 7.3, ['CWE-787'], 'glibc: Out of bounds write in iconv may lead to remote code execution', '2024-04-17T18:15:15Z'],
  ['CVE-2023-4863', 'debian', 'libwebp7', d12('1.2.4-0.2', '1.2.4-0.2+deb12u1'), 'HIGH', 8.8, ['CWE-787'], 'libwebp: Heap buffer overflow in WebP Codec', '2023-09-12T15:15:24Z'],
  ['CVE-2023-5363', 'debian', 'libssl3', d12('3.0.11-1~deb12u1', '3.0.11-1~deb12u2'), 'HIGH', 7.5, ['CWE-325'], 'openssl: Incorrect cipher key and IV length processing', '2023-10-25T18:17:43Z'],
  ['CVE-2024-2511', 'debian', 'libssl3', d12('3.0.11-1~deb12u1', '3.0.13-1~deb12u1'), 'LOW', 5.9, ['CWE-770'], 'openssl: Unbounded memory growth with session handling in TLSv1.3', '2024-04-08T14:15:07Z'],
  ['CVE-2023-44487', 'debian', 'libnghttp2-14', d12('1.52.0-1', '1.52.0-1+deb12u1'), 'HIGH', 7.5, ['CWE-400'], 'HTTP/2: Multiple HTTP/2 enabled web servers are vulnerable to a DDoS attack (Rapid Reset Attack)', '2023-10-10T14:15:10Z'],
  ['CVE-2024-28182', 'debian', 'libnghttp2-14', d12('1.52.0-1', '1.52.0-1+deb12u2'), 'MEDIUM', 5.3, ['CWE-770'], 'nghttp2: CONTINUATION frames DoS', '2024-04-04T15:15:38Z'],
  ['CVE-2023-52425', 'debian', 'libexpat1', d12('2.5.0-1', '2.5.0-1+deb12u1'), 'HIGH', 7.5, ['CWE-400'], 'expat: parsing large tokens can trigger a denial of service', '2024-02-04T20:15:46Z'],
  ['CVE-2023-50387', 'debian', 'libsystemd0', d12('252.17-1~deb12u1', '252.22-1~deb12u1'), 'HIGH', 7.5, ['CWE-770'], 'bind9: KeyTrap - Extreme CPU consumption in DNSSEC validator', '2024-02-14T16:15:45Z'],
  ['CVE-2024-7264', 'debian', 'libcurl4', d12('7.88.1-10+deb12u3', '7.88.1-10+deb12u7'), 'MEDIUM', 6.5, ['CWE-125'], 'curl: libcurl: ASN.1 date parser overread', '2024-07-31T08:15:02Z'],
  ['CVE-2023-38546', 'debian', 'libcurl4', d12('7.88.1-10+deb12u3', '7.88.1-10+deb12u4'), 'LOW', 3.7, ['CWE-73'], 'curl: cookie injection with none file', '2023-10-18T04:15:11Z'],
  ['CVE-2011-3374', 'debian', 'apt', { 'debian-12': ['2.6.1', ''], 'debian-11': ['2.2.4', ''] }, 'LOW', 3.7, ['CWE-347'], 'It was found that apt-key in apt, all versions, do not correctly valid ...', '2019-11-26T00:15:11Z'],
  ['CVE-2022-0563', 'debian', 'libblkid1', { 'debian-12': ['2.38.1-5+b1', ''], 'debian-11': ['2.36.1-8+deb11u1', ''] }, 'LOW', 5.5, ['CWE-209'], 'util-linux: partial disclosure of arbitrary files in chfn and chsh when compiled with libreadline', '2022-02-21T19:15:08Z'],
  ['CVE-2017-18018', 'debian', 'coreutils', { 'debian-12': ['9.1-1', ''], 'debian-11': ['8.32-4+b1', ''] }, 'LOW', 4.7, ['CWE-362'], 'coreutils: race condition vulnerability in chown and chgrp', '2018-01-04T04:29:00Z'],
  ['CVE-2013-4392', 'debian', 'libsystemd0', { 'debian-12': ['252.17-1~deb12u1', ''], 'debian-11': ['247.3-7+deb11u4', ''] }, 'LOW', 3.3, ['CWE-59'], 'systemd: TOCTOU race condition when updating file permissions and SELinux security contexts', '2013-10-28T22:55:03Z'],
  ['CVE-2022-27943', 'debian', 'libstdc++6', { 'debian-12': ['12.2.0-14', ''], 'debian-11': ['10.2.1-6', ''] }, 'LOW', 5.5, ['CWE-674'], 'binutils: libiberty/rust-demangle.c in GNU GCC 11.2 allows stack exhaustion in demangle_const', '2022-03-26T13:15:07Z'],
  ['CVE-2024-26461', 'debian', 'libkrb5-3', { 'debian-12': ['1.20.1-2+deb12u1', ''], 'debian-11': ['1.18.3-6+deb11u4', ''] }, 'LOW', 5.3, ['CWE-770'], 'krb5: Memory leak at /krb5/src/lib/gssapi/krb5/k5sealv3.c', '2024-02-29T01:44:18Z'],
  // ---- Debian 11 (bullseye) packages of the legacy build images -------------------------------
  ['CVE-2022-37434', 'debian', 'zlib1g', d11('1:1.2.11.dfsg-2+deb11u1', '1:1.2.11.dfsg-2+deb11u2'), 'CRITICAL', 9.8, ['CWE-787'], 'zlib: heap-based buffer over-read and overflow in inflate() in inflate.c via a large gzip header extra field', '2022-08-05T07:15:07Z'],
  ['CVE-2022-1292', 'debian', 'libssl1.1', d11('1.1.1n-0+deb11u1', '1.1.1n-0+deb11u2'), 'CRITICAL', 9.8, ['CWE-78'], 'openssl: c_rehash script allows command injection', '2022-05-03T16:15:08Z'],
  ['CVE-2022-2068', 'debian', 'libssl1.1', d11('1.1.1n-0+deb11u1', '1.1.1n-0+deb11u3'), 'CRITICAL', 9.8, ['CWE-78'], 'openssl: the c_rehash script allows command injection', '2022-06-21T15:15:09Z'],
  ['CVE-2023-0286', 'debian', 'libssl1.1', d11('1.1.1n-0+deb11u1', '1.1.1n-0+deb11u4'), 'HIGH', 7.4, ['CWE-843'], 'openssl: X.400 address type confusion in X.509 GeneralName', '2023-02-08T20:15:24Z'],
  ['CVE-2022-4450', 'debian', 'libssl1.1', d11('1.1.1n-0+deb11u1', '1.1.1n-0+deb11u4'), 'HIGH', 7.5, ['CWE-415'], 'openssl: double free after calling PEM_read_bio_ex', '2023-02-08T20:15:23Z'],
  ['CVE-2023-2650', 'debian', 'libssl1.1', d11('1.1.1n-0+deb11u1', '1.1.1n-0+deb11u5'), 'MEDIUM', 6.5, ['CWE-770'], 'openssl: Possible DoS translating ASN.1 object identifiers', '2023-05-30T14:15:09Z'],
  ['CVE-2022-1304', 'debian', 'e2fsprogs', d11('1.46.2-2', '1.46.2-2+deb11u1'), 'HIGH', 7.8, ['CWE-787'], 'e2fsprogs: out-of-bounds read/write via crafted filesystem', '2022-04-14T21:15:08Z'],
  // ---- Go modules and the standard library ----------------------------------------------
  ['CVE-2024-45337', 'go', 'golang.org/x/crypto', lang('v0.14.0', '0.31.0'), 'CRITICAL', 9.1, ['CWE-285'], 'golang.org/x/crypto/ssh: Misuse of ServerConfig.PublicKeyCallback may cause authorization bypass in golang.org/x/crypto', '2024-12-12T02:02:07Z'],
  ['CVE-2023-48795', 'go', 'golang.org/x/crypto', lang('v0.14.0', '0.17.0'), 'MEDIUM', 5.9, ['CWE-354'], 'ssh: Prefix truncation attack on Binary Packet Protocol (BPP)', '2023-12-18T16:15:10Z'],
  ['CVE-2024-24790', 'go', 'stdlib', lang('v1.20.2', '1.21.11, 1.22.4'), 'CRITICAL', 9.8, ['CWE-115'], 'golang: net/netip: Unexpected behavior from Is methods for IPv4-mapped IPv6 addresses', '2024-06-05T16:15:10Z'],
  ['CVE-2023-24538', 'go', 'stdlib', lang('v1.20.2', '1.19.8, 1.20.3'), 'CRITICAL', 9.8, ['CWE-94'], 'golang: html/template: backticks not treated as string delimiters', '2023-04-06T16:15:07Z'],
  ['CVE-2024-34156', 'go', 'stdlib', lang('v1.20.2', '1.22.7, 1.23.1'), 'HIGH', 7.5, ['CWE-674'], 'encoding/gob: golang: Calling Decoder.Decode on a message which contains deeply nested structures can cause a panic due to stack exhaustion', '2024-09-06T21:15:12Z'],
  ['CVE-2024-24791', 'go', 'stdlib', lang('v1.20.2', '1.21.12, 1.22.5'), 'HIGH', 7.5, ['CWE-400'], 'net/http: Denial of service due to improper 100-continue handling in net/http', '2024-07-02T22:15:04Z'],
  ['CVE-2023-39325', 'go', 'golang.org/x/net', lang('v0.15.0', '0.17.0'), 'HIGH', 7.5, ['CWE-770'], 'golang: net/http, x/net/http2: rapid stream resets can cause excessive work (CVE-2023-44487)', '2023-10-11T22:15:09Z'],
  ['CVE-2023-45288', 'go', 'golang.org/x/net', lang('v0.15.0', '0.23.0'), 'HIGH', 7.5, ['CWE-400'], 'golang: net/http, x/net/http2: unlimited number of CONTINUATION frames causes DoS', '2024-04-04T21:15:16Z'],
  ['CVE-2024-45338', 'go', 'golang.org/x/net', lang('v0.15.0', '0.33.0'), 'MEDIUM', 5.3, ['CWE-1333'], 'golang.org/x/net/html: Non-linear parsing of case-insensitive content in golang.org/x/net/html', '2024-12-18T21:15:08Z'],
  ['CVE-2024-24786', 'go', 'google.golang.org/protobuf', lang('v1.31.0', '1.33.0'), 'MEDIUM', 5.9, ['CWE-835'], 'golang-protobuf: encoding/protojson, internal/encoding/json: infinite loop in protojson.Unmarshal when unmarshaling certain forms of invalid JSON', '2024-03-05T23:15:07Z'],
  ['CVE-2023-45142', 'go', 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', lang('v0.42.0', '0.44.0'), 'HIGH', 7.5, ['CWE-770'], 'opentelemetry: DoS vulnerability in otelhttp', '2023-10-12T17:15:09Z'],
  ['CVE-2024-21626', 'go', 'github.com/opencontainers/runc', lang('v1.1.9', '1.1.12'), 'HIGH', 8.6, ['CWE-403'], 'runc: file descriptor leak', '2024-01-31T22:15:53Z', ['ci-runners']],
  // ---- npm ------------------------------------------------------------------------------------
  ['CVE-2021-44906', 'npm', 'minimist', lang('1.2.5', '1.2.6'), 'CRITICAL', 9.8, ['CWE-1321'], 'minimist: prototype pollution', '2022-03-17T16:15:07Z'],
  ['CVE-2022-37601', 'npm', 'loader-utils', lang('1.4.0', '1.4.1, 2.0.3'), 'CRITICAL', 9.8, ['CWE-1321'], 'loader-utils: prototype pollution in function parseQuery in parseQuery.js', '2022-10-12T20:15:09Z'],
  ['CVE-2023-36665', 'npm', 'protobufjs', lang('7.2.3', '7.2.4'), 'CRITICAL', 9.8, ['CWE-1321'], 'protobufjs: prototype pollution using user-controlled protobuf message', '2023-07-05T15:15:09Z'],
  ['CVE-2022-29078', 'npm', 'ejs', lang('3.1.6', '3.1.7'), 'CRITICAL', 9.8, ['CWE-74'], 'ejs: server side template injection', '2022-04-25T16:16:16Z'],
  ['CVE-2022-46175', 'npm', 'json5', lang('2.2.1', '2.2.2, 1.0.2'), 'HIGH', 7.1, ['CWE-1321'], 'json5: Prototype Pollution in JSON5 via Parse Method', '2022-12-24T04:15:08Z'],
  ['CVE-2024-4068', 'npm', 'braces', lang('3.0.2', '3.0.3'), 'HIGH', 7.5, ['CWE-1050'], 'braces: fails to limit the number of characters it can handle', '2024-05-14T15:42:48Z'],
  ['CVE-2024-37890', 'npm', 'ws', lang('8.13.0', '8.17.1'), 'HIGH', 7.5, ['CWE-476'], 'nodejs-ws: denial of service when handling a request with many HTTP headers', '2024-06-17T20:15:13Z'],
  ['CVE-2024-45296', 'npm', 'path-to-regexp', lang('0.1.7', '0.1.10'), 'HIGH', 7.5, ['CWE-1333'], 'path-to-regexp: Backtracking regular expressions cause ReDoS', '2024-09-09T19:15:13Z'],
  ['CVE-2024-21538', 'npm', 'cross-spawn', lang('7.0.3', '7.0.5'), 'HIGH', 7.5, ['CWE-1333'], 'cross-spawn: regular expression denial of service', '2024-11-08T05:15:06Z'],
  ['CVE-2024-39338', 'npm', 'axios', lang('1.5.1', '1.7.4'), 'HIGH', 7.5, ['CWE-918'], 'axios: Server-Side Request Forgery', '2024-08-12T13:38:40Z'],
  ['CVE-2023-45857', 'npm', 'axios', lang('1.5.1', '1.6.0'), 'MEDIUM', 6.5, ['CWE-352'], 'axios: exposure of confidential data stored in cookies', '2023-11-08T21:15:08Z'],
  ['CVE-2021-23337', 'npm', 'lodash', lang('4.17.20', '4.17.21'), 'HIGH', 7.2, ['CWE-94'], 'nodejs-lodash: command injection via template', '2021-02-15T13:15:12Z'],
  ['CVE-2022-25883', 'npm', 'semver', lang('7.5.1', '7.5.2'), 'MEDIUM', 5.3, ['CWE-1333'], 'nodejs-semver: Regular expression denial of service', '2023-06-21T05:15:09Z'],
  ['CVE-2024-29041', 'npm', 'express', lang('4.18.2', '4.19.2'), 'MEDIUM', 6.1, ['CWE-601'], 'express: cause malformed URLs to be evaluated', '2024-03-25T21:15:46Z'],
  ['CVE-2024-43796', 'npm', 'express', lang('4.18.2', '4.20.0'), 'LOW', 5.0, ['CWE-79'], 'express: Improper Input Handling in Express Redirects', '2024-09-10T15:15:17Z'],
  ['CVE-2023-26136', 'npm', 'tough-cookie', lang('4.1.2', '4.1.3'), 'MEDIUM', 6.5, ['CWE-1321'], 'tough-cookie: prototype pollution in cookie memstore', '2023-07-01T05:15:16Z'],
  ['CVE-2024-4067', 'npm', 'micromatch', lang('4.0.5', '4.0.8'), 'MEDIUM', 5.3, ['CWE-1333'], 'micromatch: vulnerable to Regular Expression Denial of Service', '2024-05-14T15:42:47Z'],
  ['CVE-2023-44270', 'npm', 'postcss', lang('8.4.21', '8.4.31'), 'MEDIUM', 5.3, ['CWE-74'], 'PostCSS: Improper input validation in PostCSS', '2023-09-29T22:15:11Z'],
  ['CVE-2020-11023', 'npm', 'jquery', lang('3.4.1', '3.5.0'), 'MEDIUM', 6.1, ['CWE-79'], 'jquery: Untrusted code execution via <option> tag in HTML passed to DOM manipulation methods', '2020-04-29T21:15:11Z'],
  ['CVE-2024-47764', 'npm', 'cookie', lang('0.5.0', '0.7.0'), 'LOW', 3.7, ['CWE-74'], 'cookie: cookie accepts cookie name, path, and domain with out of bounds characters', '2024-10-04T20:15:07Z'],
  // ---- Python ----------------------------------------------------------------------------------
  ['CVE-2022-22817', 'python', 'Pillow', lang('9.0.0', '9.0.1'), 'CRITICAL', 9.8, ['CWE-74'], 'python-pillow: PIL.ImageMath.eval allows evaluation of arbitrary expressions', '2022-01-10T14:12:06Z'],
  ['CVE-2020-14343', 'python', 'PyYAML', lang('5.3.1', '5.4'), 'CRITICAL', 9.8, ['CWE-20'], 'PyYAML: incomplete fix for CVE-2020-1747', '2021-02-09T21:15:12Z'],
  ['CVE-2022-34265', 'python', 'Django', lang('3.2.13', '3.2.14, 4.0.6'), 'CRITICAL', 9.8, ['CWE-89'], 'Django: SQL injection via Trunc(kind) and Extract(lookup_name) arguments', '2022-07-04T16:15:09Z'],
  ['CVE-2023-43804', 'python', 'urllib3', lang('1.26.16', '1.26.17, 2.0.6'), 'HIGH', 8.1, ['CWE-200'], "python-urllib3: Cookie request header isn't stripped during cross-origin redirects", '2023-10-04T17:15:10Z'],
  ['CVE-2023-45803', 'python', 'urllib3', lang('1.26.16', '1.26.18, 2.0.7'), 'MEDIUM', 4.2, ['CWE-200'], 'urllib3: Request body not stripped after redirect from 303 status changes request method to GET', '2023-10-17T20:15:10Z'],
  ['CVE-2024-37891', 'python', 'urllib3', lang('1.26.16', '1.26.19, 2.2.2'), 'MEDIUM', 4.4, ['CWE-669'], 'urllib3: proxy-authorization request header is not stripped during cross-origin redirects', '2024-06-17T20:15:13Z'],
  ['CVE-2024-1135', 'python', 'gunicorn', lang('21.2.0', '22.0.0'), 'HIGH', 7.5, ['CWE-444'], 'python-gunicorn: HTTP Request Smuggling due to improper validation of Transfer-Encoding headers', '2024-04-16T00:15:08Z'],
  ['CVE-2023-30861', 'python', 'Flask', lang('2.2.4', '2.2.5, 2.3.2'), 'HIGH', 7.5, ['CWE-539'], 'flask: Possible disclosure of permanent session cookie due to missing Vary: Cookie header', '2023-05-02T18:15:52Z'],
  ['CVE-2024-6345', 'python', 'setuptools', lang('65.5.0', '70.0.0'), 'HIGH', 8.8, ['CWE-94'], 'pypa/setuptools: Remote code execution via download functions in the package_index module in pypa/setuptools', '2024-07-15T01:15:01Z'],
  ['CVE-2022-40897', 'python', 'setuptools', lang('65.5.0', '65.5.1'), 'MEDIUM', 5.9, ['CWE-1333'], 'pypa-setuptools: Regular Expression Denial of Service (ReDoS) in package_index.py', '2022-12-23T00:15:13Z'],
  ['CVE-2023-50782', 'python', 'cryptography', lang('41.0.7', '42.0.0'), 'HIGH', 7.5, ['CWE-203'], 'python-cryptography: Bleichenbacher timing oracle attack against RSA decryption', '2024-02-05T21:15:11Z'],
  ['CVE-2024-26130', 'python', 'cryptography', lang('41.0.7', '42.0.4'), 'HIGH', 7.5, ['CWE-476'], 'cryptography: NULL pointer dereference with pkcs12.serialize_key_and_certificates when called with a non-matching certificate and private key and an hmac_hash override', '2024-02-21T17:15:09Z'],
  ['CVE-2023-47627', 'python', 'aiohttp', lang('3.8.6', '3.9.0'), 'HIGH', 7.5, ['CWE-444'], 'python-aiohttp: numerous issues in HTTP parser with header parsing', '2023-11-14T21:15:12Z'],
  ['CVE-2024-23334', 'python', 'aiohttp', lang('3.8.6', '3.9.2'), 'HIGH', 7.5, ['CWE-22'], 'aiohttp: follow_symlinks directory traversal vulnerability', '2024-01-29T23:15:08Z'],
  ['CVE-2023-25577', 'python', 'Werkzeug', lang('2.2.2', '2.2.3'), 'HIGH', 7.5, ['CWE-770'], 'python-werkzeug: high resource usage when parsing multipart form data with many fields', '2023-02-14T20:15:09Z'],
  ['CVE-2024-34069', 'python', 'Werkzeug', lang('2.2.2', '3.0.3'), 'HIGH', 7.5, ['CWE-352'], "python-werkzeug: user may execute code on a developer's machine", '2024-05-06T15:15:24Z'],
  ['CVE-2023-32681', 'python', 'requests', lang('2.28.2', '2.31.0'), 'MEDIUM', 6.1, ['CWE-200'], 'python-requests: Unintended leak of Proxy-Authorization header', '2023-05-26T18:15:14Z'],
  ['CVE-2024-35195', 'python', 'requests', lang('2.28.2', '2.32.0'), 'MEDIUM', 5.6, ['CWE-670'], 'requests: subsequent requests to the same host ignore cert verification', '2024-05-20T21:15:09Z'],
  ['CVE-2024-22195', 'python', 'Jinja2', lang('3.1.2', '3.1.3'), 'MEDIUM', 5.4, ['CWE-79'], 'jinja2: HTML attribute injection when passing user input as keys to xmlattr filter', '2024-01-11T03:15:11Z'],
  ['CVE-2024-3651', 'python', 'idna', lang('3.6', '3.7'), 'MEDIUM', 6.2, ['CWE-400'], 'python-idna: potential DoS via resource consumption via specially crafted inputs to idna.encode()', '2024-07-07T18:15:09Z'],
  ['CVE-2024-28219', 'python', 'Pillow', lang('9.0.0', '10.3.0'), 'MEDIUM', 6.7, ['CWE-120'], 'python-pillow: buffer overflow in _imagingcms.c', '2024-04-03T03:15:09Z'],
  ['CVE-2023-5752', 'python', 'pip', lang('23.2.1', '23.3'), 'LOW', 3.3, ['CWE-77'], 'pip: Mercurial configuration injectable in repo revision when installing via pip', '2023-10-25T18:17:44Z'],
  // ---- Java (Maven) -------------------------------------------------------------------------
  ['CVE-2022-42889', 'java', 'org.apache.commons:commons-text', lang('1.9', '1.10.0'), 'CRITICAL', 9.8, ['CWE-94'], 'apache-commons-text: variable interpolation RCE', '2022-10-13T13:15:09Z'],
  ['CVE-2022-22978', 'java', 'org.springframework.security:spring-security-core', lang('5.6.3', '5.5.7, 5.6.4'), 'CRITICAL', 9.8, ['CWE-863'], 'springframework: Authorization Bypass in RegexRequestMatcher', '2022-05-19T15:15:08Z'],
  ['CVE-2016-1000027', 'java', 'org.springframework:spring-web', lang('5.3.20', '6.0.0'), 'CRITICAL', 9.8, ['CWE-502'], 'spring: HttpInvokerServiceExporter readRemoteInvocation method untrusted java deserialization', '2020-01-02T23:15:11Z'],
  ['CVE-2022-1471', 'java', 'org.yaml:snakeyaml', lang('1.33', '2.0'), 'HIGH', 8.3, ['CWE-502'], 'SnakeYaml: Constructor Deserialization Remote Code Execution', '2022-12-01T11:15:10Z'],
  ['CVE-2022-42003', 'java', 'com.fasterxml.jackson.core:jackson-databind', lang('2.13.3', '2.12.7.1, 2.13.4.2'), 'HIGH', 7.5, ['CWE-502'], 'jackson-databind: deep wrapper array nesting wrt UNWRAP_SINGLE_VALUE_ARRAYS', '2022-10-02T05:15:09Z'],
  ['CVE-2023-6378', 'java', 'ch.qos.logback:logback-classic', lang('1.2.12', '1.2.13, 1.3.12, 1.4.12'), 'HIGH', 7.5, ['CWE-502'], 'logback: serialization vulnerability in logback receiver', '2023-11-29T12:15:07Z'],
  ['CVE-2024-22243', 'java', 'org.springframework:spring-web', lang('5.3.20', '5.3.32, 6.0.17, 6.1.4'), 'HIGH', 8.1, ['CWE-601'], 'springframework: URL Parsing with Host Validation', '2024-02-23T05:15:08Z'],
  ['CVE-2024-25710', 'java', 'org.apache.commons:commons-compress', lang('1.24.0', '1.26.0'), 'HIGH', 8.1, ['CWE-835'], 'commons-compress: Denial of service caused by an infinite loop for a corrupted DUMP file', '2024-02-19T09:15:38Z'],
  ['CVE-2023-2976', 'java', 'com.google.guava:guava', lang('31.1-jre', '32.0.0-android'), 'HIGH', 7.1, ['CWE-552'], 'guava: insecure temporary directory creation', '2023-06-14T18:15:09Z'],
  ['CVE-2023-20883', 'java', 'org.springframework.boot:spring-boot-autoconfigure', lang('2.7.11', '2.7.12, 3.0.7'), 'HIGH', 7.5, ['CWE-400'], 'spring-boot: Spring Boot Welcome Page DoS Vulnerability', '2023-05-26T17:15:13Z'],
  ['CVE-2024-29025', 'java', 'io.netty:netty-codec-http', lang('4.1.92.Final', '4.1.108.Final'), 'MEDIUM', 5.3, ['CWE-770'], 'netty-codec-http: Allocation of Resources Without Limits or Throttling', '2024-03-25T20:15:08Z'],
  ['CVE-2023-34462', 'java', 'io.netty:netty-handler', lang('4.1.92.Final', '4.1.94.Final'), 'MEDIUM', 6.5, ['CWE-400'], 'netty: SniHandler 16MB allocation leads to OOM', '2023-06-22T23:15:09Z'],
  ['CVE-2023-20863', 'java', 'org.springframework:spring-expression', lang('5.3.20', '5.2.24.RELEASE, 5.3.27, 6.0.8'), 'MEDIUM', 6.5, ['CWE-400'], 'springframework: Spring Expression DoS Vulnerability', '2023-04-13T20:15:07Z'],
  ['CVE-2023-33201', 'java', 'org.bouncycastle:bcprov-jdk18on', lang('1.73', '1.74'), 'MEDIUM', 5.3, ['CWE-90'], 'bouncycastle: potential  blind LDAP injection attack using a self-signed certificate', '2023-07-05T03:15:12Z'],
];

export const ADVISORIES: Advisory[] = ROWS.map(([id, ecosystem, pkg, versions, severity, score, cwes, title, published, only]) => ({
  id,
  ecosystem,
  pkg,
  versions,
  severity,
  score,
  cwes,
  title,
  published,
  ...(only ? { only } : {}),
}));
