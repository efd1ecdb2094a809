import type { AreaKey, DemoService, Stack } from './company.js';

/**
 * The rules the demo's scanners report: Semgrep rules (registry rules under their registry
 * ids, the company's own rules under short ids), Gitleaks rules and Trivy's AWS Terraform
 * checks. Each area has its own flavour of rules so that the failure-mode taxonomy
 * (data/failure-modes.yaml) finds the seed's top failure modes: authorization consistency
 * in Core API services, tenant-boundary logic in Reporting, CSP drift and third-party
 * scripts in Frontend, noisy scans in Data workers, CI runner and artifact trust in
 * Platform / CI. Messages avoid words of other families (a Core API message never says
 * "tenant"), since the taxonomy also matches titles.
 */

export interface CodeForm {
  paths: string[];
  snippets: string[];
}

export interface CodeRule {
  id: string;
  /** shortDescription */
  name: string;
  /** The result message. */
  message: string;
  cwes: number[];
  owasp?: string;
  /** CVSS-like `security-severity`: critical ≥ 9, high ≥ 7, medium ≥ 4, low below. */
  score: number;
  /** Areas whose services get the rule; 'all' for registry rules of a language. */
  areas: AreaKey[] | 'all';
  /** Where the rule fires, per stack ('any' for files every repository has, such as workflows). */
  forms: Partial<Record<Stack | 'any', CodeForm>>;
  /** Developers silence most of its findings inline (`nosemgrep`): a noisy, low-value rule. */
  noisy?: boolean;
  /** How often it fires relative to the other rules of its kind (default 1). */
  weight?: number;
  /** Also fires in the pipeline definitions of services off the paved road (custom or legacy templates), whatever their area. */
  customPipelines?: boolean;
}

const A01 = 'OWASP-A01:2021 - Broken Access Control';
const A02 = 'OWASP-A02:2021 - Cryptographic Failures';
const A03 = 'OWASP-A03:2021 - Injection';
const A05 = 'OWASP-A05:2021 - Security Misconfiguration';
const A08 = 'OWASP-A08:2021 - Software and Data Integrity Failures';
const A09 = 'OWASP-A09:2021 - Security Logging and Monitoring Failures';

export const SEMGREP_RULES: CodeRule[] = [
  // ---- Core API services: authorization consistency -------------------------------------
  {
    id: 'legacy-auth-check-missing',
    name: 'Route served by the legacy router without the shared authorization middleware',
    message: 'Handler is registered on the legacy router and skips authz.Require(); no permission check runs for this route.',
    cwes: [862],
    owasp: A01,
    score: 9.1,
    areas: ['core'],
    forms: {
      go: {
        paths: ['internal/http/legacy_routes.go', 'internal/http/routes.go', 'cmd/server/compat.go'],
        snippets: ['r.Handle("/v1/{res}/{id}", legacy.Wrap(h.Get{Res}))', 'mux.HandleFunc("/internal/{res}/bulk", h.Bulk{Res})'],
      },
    },
  },
  {
    id: 'authz-role-check-inconsistent',
    name: 'Role check hand-written in the handler instead of the shared policy',
    message: 'Hand-written role comparison differs from the shared authorization policy for this action.',
    cwes: [863],
    owasp: A01,
    score: 7.7,
    areas: ['core'],
    forms: {
      go: {
        paths: ['internal/authz/{res}.go', 'internal/http/handlers/{res}.go'],
        snippets: ['if claims.Role == "admin" || claims.Role == "support" {', 'if !strings.HasPrefix(user.Role, "ops_") {'],
      },
    },
  },
  {
    id: 'missing-object-level-authorization',
    name: 'Object loaded by id without an object-level authorization check',
    message: 'Object is loaded by the id in the request and returned without an ownership or permission check.',
    cwes: [285],
    owasp: A01,
    score: 8.1,
    areas: ['core'],
    forms: { go: { paths: ['internal/http/handlers/{res}.go'], snippets: ['obj, err := h.store.Get{Res}(ctx, chi.URLParam(r, "id"))'] } },
  },
  {
    id: 'audit-event-not-emitted',
    name: 'State-changing handler without an audit event',
    message: 'State-changing handler returns without emitting an audit event.',
    cwes: [778],
    owasp: A09,
    score: 3.1,
    areas: ['core'],
    forms: { go: { paths: ['internal/http/handlers/{res}.go'], snippets: ['return h.store.Delete{Res}(ctx, id)'] } },
  },
  // ---- Reporting services: tenant-boundary logic -----------------------------------------
  {
    id: 'tenant-id-not-checked',
    name: 'Record fetched by id without checking its tenant',
    message: "Record is fetched by id without comparing its tenant_id to the caller's tenant; another customer's data can be returned.",
    cwes: [639],
    owasp: A01,
    score: 9.3,
    areas: ['reporting'],
    forms: {
      java: {
        paths: ['src/main/java/io/acme/reporting/web/{Res}Controller.java', 'src/main/java/io/acme/reporting/service/{Res}Service.java'],
        snippets: ['return reportRepository.findById(reportId).orElseThrow();', 'ExportJob job = exportJobs.get(jobId);'],
      },
      python: { paths: ['scheduler/jobs/{res}.py'], snippets: ['schedule = Schedule.objects.get(id=schedule_id)'] },
      node: { paths: ['src/render/{res}.ts'], snippets: ['const doc = await db.documents.findOne({ id: req.params.id });'] },
    },
  },
  {
    id: 'export-download-idor',
    name: 'Export download served without a tenant check (IDOR)',
    message: "Download endpoint serves the file named in the URL without checking that the export belongs to the caller's tenant.",
    cwes: [639],
    owasp: A01,
    score: 8.2,
    areas: ['reporting'],
    forms: {
      java: { paths: ['src/main/java/io/acme/exports/web/DownloadController.java'], snippets: ['@GetMapping("/exports/{exportId}/download")'] },
      node: { paths: ['src/server/routes.ts'], snippets: ["router.get('/documents/:id/pdf', renderPdf);"] },
    },
  },
  {
    id: 'cross-tenant-primary-key-query',
    name: 'Query selects by primary key without the tenant scope',
    message: 'Query selects by primary key only; the tenant scope is not part of the WHERE clause.',
    cwes: [566],
    owasp: A01,
    score: 7.5,
    areas: ['reporting'],
    forms: {
      java: {
        paths: ['src/main/java/io/acme/reporting/repo/{Res}Repository.java'],
        snippets: ['jdbc.queryForObject("SELECT * FROM report_runs WHERE id = ?", mapper, runId);'],
      },
      python: { paths: ['scheduler/db/{res}.py'], snippets: ['cursor.execute("SELECT * FROM schedules WHERE id = %s", (schedule_id,))'] },
    },
  },
  // ---- Frontend platform: CSP / security headers and third-party scripts ----------------
  {
    id: 'missing-csp-header',
    name: 'Response served without a Content-Security-Policy header',
    message: 'Response is served without a Content-Security-Policy header.',
    cwes: [693],
    owasp: A05,
    score: 5.4,
    weight: 2.0,
    areas: ['frontend'],
    forms: { node: { paths: ['src/server/app.ts', 'src/server/headers.ts'], snippets: ['app.use(helmet({ contentSecurityPolicy: false }));'] } },
  },
  {
    id: 'csp-unsafe-inline-script',
    name: "CSP allows 'unsafe-inline' scripts",
    message: "The CSP allows 'unsafe-inline' scripts, which defeats its protection against injected scripts.",
    cwes: [693],
    owasp: A05,
    score: 4.8,
    weight: 3,
    areas: ['frontend'],
    forms: { node: { paths: ['src/server/csp.ts'], snippets: ['scriptSrc: ["\'self\'", "\'unsafe-inline\'", "https://*.partner-cdn.example"],'] } },
  },
  {
    id: 'missing-frame-ancestors',
    name: 'Page can be framed: no frame-ancestors or X-Frame-Options',
    message: 'No frame-ancestors directive or X-Frame-Options header: the page can be framed by another site (clickjacking).',
    cwes: [1021],
    owasp: A05,
    score: 4.3,
    weight: 1.8,
    areas: ['frontend'],
    forms: { node: { paths: ['src/server/headers.ts'], snippets: ['res.removeHeader("X-Frame-Options");'] } },
  },
  {
    id: 'third-party-script-without-sri',
    name: 'Third-party script loaded without Subresource Integrity',
    message: 'Third-party script is loaded from a CDN without a Subresource Integrity hash.',
    cwes: [829],
    owasp: A08,
    score: 7.1,
    weight: 2.5,
    areas: ['frontend'],
    forms: {
      node: {
        paths: ['public/index.html', 'src/pages/_document.tsx', 'src/pages/checkout/index.html'],
        snippets: ['<script src="https://cdn.chat-widget.example/v3/loader.js" async></script>'],
      },
    },
  },
  {
    id: 'third-party-script-on-payment-page',
    name: 'Unreviewed third-party script on the payment page',
    message: 'Third-party script from an unreviewed vendor domain runs on the payment page without an integrity hash; a compromised vendor can skim card data.',
    cwes: [829],
    owasp: A08,
    score: 9.0,
    areas: ['frontend'],
    forms: {
      node: {
        paths: ['src/pages/checkout/payment.html', 'src/pages/checkout/index.html'],
        snippets: ['<script src="https://js.promo-widgets.example/v1/embed.js"></script>'],
      },
    },
  },
  {
    id: 'third-party-script-dynamic-injection',
    name: 'Third-party script URL built at runtime',
    message: 'Third-party script URL is built at runtime and injected into the page, bypassing the reviewed script list.',
    cwes: [829],
    owasp: A08,
    score: 7.2,
    weight: 1.5,
    areas: ['frontend'],
    forms: { node: { paths: ['src/analytics/load-tags.ts'], snippets: ['tag.src = `https://tags.${vendor}.example/tag.js`;'] } },
  },
  // ---- Data workers: noisy, low-value findings ----------------------------------------------
  {
    id: 'python.lang.security.audit.insecure-transport.requests.request-with-http.request-with-http',
    name: "Request made over plain 'http://'",
    message:
      "Detected a request using 'http://'. This request will be unencrypted, and attackers could listen into traffic on the network and be able to obtain sensitive information. Use 'https://' instead.",
    cwes: [319],
    owasp: A02,
    score: 4.3,
    areas: ['data'],
    noisy: true,
    forms: {
      python: { paths: ['{pkg}/clients/{res}.py', '{pkg}/health.py'], snippets: ['resp = requests.get("http://" + host + ":8080/health", timeout=2)'] },
    },
  },
  {
    id: 'python.lang.security.insecure-hash-algorithms.insecure-hash-algorithm-md5',
    name: 'MD5 used',
    message:
      'Detected MD5 hash algorithm which is considered insecure. MD5 is not collision resistant and is therefore not suitable as a cryptographic signature. Use SHA256 or SHA3 instead.',
    cwes: [327],
    owasp: A02,
    score: 4.5,
    areas: ['data'],
    noisy: true,
    forms: { python: { paths: ['{pkg}/dedupe/{res}.py', '{pkg}/keys.py'], snippets: ['row_key = hashlib.md5(raw.encode()).hexdigest()'] } },
  },
  {
    id: 'python.lang.security.audit.logging.logger-credential-leak.python-logger-credential-disclosure',
    name: 'Logger call may disclose a credential',
    message:
      'Detected a python logger call with a potential hardcoded secret being logged. This may lead to secret credentials being exposed. Make sure that the logger is not logging sensitive information.',
    cwes: [532],
    owasp: A09,
    score: 4.3,
    areas: ['data'],
    noisy: true,
    forms: { python: { paths: ['{pkg}/auth/{res}.py', '{pkg}/clients/{res}.py'], snippets: ['log.info("refreshing token for %s", token_name)'] } },
  },
  {
    id: 'python.lang.security.use-defused-xml.use-defused-xml',
    name: 'Native XML parser used',
    message:
      'The Python documentation recommends using `defusedxml` instead of `xml` because the native Python `xml` library is vulnerable to XML External Entity (XXE) attacks.',
    cwes: [611],
    owasp: A05,
    score: 4.1,
    areas: ['data'],
    noisy: true,
    forms: { python: { paths: ['{pkg}/parsers/{res}.py'], snippets: ['import xml.etree.ElementTree as ET'] } },
  },
  // ---- Platform / CI foundation: CI runner and artifact trust ---------------------------------
  {
    id: 'github-actions-unpinned-action',
    name: 'Action referenced by a mutable tag instead of a commit SHA',
    message: 'Action is referenced by a mutable tag or branch instead of a full commit SHA; whoever controls that ref controls this pipeline.',
    cwes: [829],
    owasp: A08,
    score: 7.4,
    areas: ['platform'],
    customPipelines: true,
    forms: {
      any: {
        paths: ['.github/workflows/release.yml', '.github/workflows/ci.yml', '.github/workflows/deploy.yml'],
        snippets: ['uses: acme-actions/deploy-to-ecs@main', 'uses: docker/build-push-action@v5'],
      },
    },
  },
  {
    id: 'artifact-not-signed',
    name: 'Artifact pushed without a signature or provenance',
    message: 'Image is pushed to the registry without a signature or provenance attestation.',
    cwes: [494],
    owasp: A08,
    score: 7.0,
    areas: ['platform'],
    forms: {
      any: {
        paths: ['.github/workflows/release.yml', '.github/workflows/publish.yml'],
        snippets: ['run: docker push registry.acme.io/${{ env.IMAGE }}:${{ github.sha }}'],
      },
    },
  },
  {
    id: 'workflow-token-write-all',
    name: 'Workflow token has write-all permissions',
    message: 'Workflow grants the GITHUB_TOKEN write-all permissions; jobs get more than they need.',
    cwes: [250],
    owasp: A05,
    score: 6.1,
    areas: ['platform'],
    customPipelines: true,
    forms: { any: { paths: ['.github/workflows/ci.yml', '.github/workflows/nightly.yml'], snippets: ['permissions: write-all'] } },
  },
  {
    id: 'legacy-runner-privileged-docker',
    name: 'Self-hosted runner runs jobs in privileged containers',
    message: 'Self-hosted runner executes jobs in privileged Docker containers (legacy runner configuration).',
    cwes: [250],
    owasp: A05,
    score: 8.0,
    areas: ['platform'],
    forms: { any: { paths: ['runner/config.toml', 'deploy/runner/values.yaml'], snippets: ['privileged = true', 'privileged: true'] } },
  },
  {
    id: 'pull-request-target-untrusted-checkout',
    name: "pull_request_target workflow runs the pull request's code",
    message: "pull_request_target workflow checks out the pull request head and runs it with the repository's secrets.",
    cwes: [829],
    owasp: A08,
    score: 9.0,
    areas: ['platform'],
    forms: {
      any: { paths: ['.github/workflows/pr-preview.yml', '.github/workflows/integration.yml'], snippets: ['ref: ${{ github.event.pull_request.head.sha }}'] },
    },
  },
  {
    id: 'runner-image-mutable-tag',
    name: 'Runner or base image referenced by a mutable tag',
    message: 'Runner image is referenced by a mutable tag; builds are not reproducible and the image can be swapped upstream.',
    cwes: [494],
    owasp: A08,
    score: 5.9,
    areas: ['platform'],
    forms: { any: { paths: ['runner/Dockerfile', 'images/base/Dockerfile'], snippets: ['FROM registry.acme.io/build-images/runner-base:latest'] } },
  },
  // ---- Registry rules by language (every area) ---------------------------------------------
  {
    id: 'go.lang.security.audit.database.string-formatted-query.string-formatted-query',
    name: 'String-formatted SQL query',
    message:
      'String-formatted SQL query detected. This could lead to SQL injection if the string is not sanitized properly. Use parameterized queries instead.',
    cwes: [89],
    owasp: A03,
    score: 7.5,
    areas: 'all',
    forms: { go: { paths: ['internal/store/{res}_store.go'], snippets: ['query := fmt.Sprintf("SELECT * FROM {res} WHERE status = \'%s\'", status)'] } },
  },
  {
    id: 'go.lang.security.audit.crypto.math_random.math-random-used',
    name: 'math/rand used for a security value',
    message: 'Do not use `math/rand`. Use `crypto/rand` instead.',
    cwes: [338],
    owasp: A02,
    score: 5.3,
    areas: 'all',
    forms: { go: { paths: ['internal/session/token.go', 'internal/{res}/ids.go'], snippets: ['token := strconv.FormatInt(rand.Int63(), 36)'] } },
  },
  {
    id: 'java.lang.security.audit.xxe.documentbuilderfactory-disallow-doctype-decl-missing.documentbuilderfactory-disallow-doctype-decl-missing',
    name: 'DOCTYPE declarations enabled for DocumentBuilderFactory',
    message:
      'DOCTYPE declarations are enabled for this DocumentBuilderFactory. This is vulnerable to XML external entity attacks. Disable this by setting the feature "http://apache.org/xml/features/disallow-doctype-decl" to true.',
    cwes: [611],
    owasp: A05,
    score: 7.5,
    areas: 'all',
    forms: {
      java: {
        paths: ['src/main/java/io/acme/reporting/xml/TemplateParser.java'],
        snippets: ['DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();'],
      },
    },
  },
  {
    id: 'java.lang.security.audit.crypto.use-of-md5.use-of-md5',
    name: 'MD5 used',
    message: 'Detected MD5 hash algorithm which is considered insecure. Use a stronger hash such as SHA-256.',
    cwes: [328],
    owasp: A02,
    score: 5.3,
    areas: 'all',
    forms: { java: { paths: ['src/main/java/io/acme/reporting/cache/{Res}Cache.java'], snippets: ['MessageDigest md = MessageDigest.getInstance("MD5");'] } },
  },
  {
    id: 'python.lang.security.audit.subprocess-shell-true.subprocess-shell-true',
    name: 'subprocess called with shell=True',
    message:
      "Found 'subprocess' function 'run' with 'shell=True'. This is dangerous because this call will spawn the command using a shell process. Pass the arguments as a list instead.",
    cwes: [78],
    owasp: A03,
    score: 7.3,
    areas: 'all',
    forms: { python: { paths: ['{pkg}/io/{res}.py'], snippets: ['subprocess.run(f"gzip -d {path}", shell=True, check=True)'] } },
  },
  {
    id: 'python.lang.security.audit.formatted-sql-query.formatted-sql-query',
    name: 'Formatted SQL query',
    message: 'Detected possible formatted SQL query. Use parameterized queries instead.',
    cwes: [89],
    owasp: A03,
    score: 7.5,
    areas: 'all',
    forms: { python: { paths: ['{pkg}/db/{res}.py'], snippets: ['cur.execute(f"DELETE FROM {table} WHERE batch_id = {batch_id}")'] } },
  },
  {
    id: 'python.lang.security.deserialization.pickle.avoid-pickle',
    name: 'pickle used on untrusted data',
    message: 'Avoid using `pickle`, which is known to lead to code execution vulnerabilities. Consider serializing the relevant data as JSON.',
    cwes: [502],
    owasp: A08,
    score: 6.3,
    areas: 'all',
    forms: { python: { paths: ['{pkg}/queue/{res}.py'], snippets: ['payload = pickle.loads(message.body)'] } },
  },
  {
    id: 'python.requests.security.disabled-cert-validation.disabled-cert-validation',
    name: 'Certificate validation disabled',
    message:
      'Certificate verification has been explicitly disabled. This permits insecure connections to insecure servers. Re-enable certification validation.',
    cwes: [295],
    owasp: A02,
    score: 5.9,
    areas: 'all',
    forms: { python: { paths: ['{pkg}/clients/{res}.py'], snippets: ['resp = requests.get(url, verify=False, timeout=10)'] } },
  },
  {
    id: 'typescript.react.security.audit.react-dangerouslysetinnerhtml.react-dangerouslysetinnerhtml',
    name: 'dangerouslySetInnerHTML with a non-constant value',
    message:
      'Detection of dangerouslySetInnerHTML from non-constant definition. This can inadvertently expose users to cross-site scripting (XSS) attacks if this comes from user-provided input.',
    cwes: [79],
    owasp: A03,
    score: 6.1,
    areas: 'all',
    forms: { node: { paths: ['src/components/{Res}Card.tsx'], snippets: ['<div dangerouslySetInnerHTML={{ __html: {res}.bodyHtml }} />'] } },
  },
  {
    id: 'javascript.lang.security.audit.detect-non-literal-regexp.detect-non-literal-regexp',
    name: 'RegExp built from a non-literal value',
    message: 'RegExp() called with a variable; this might allow an attacker to DoS your application with a long-running regular expression.',
    cwes: [1333],
    score: 3.7,
    areas: 'all',
    forms: { node: { paths: ['src/lib/{res}.ts'], snippets: ['const re = new RegExp(`^${prefix}`);'] } },
  },
];

export interface SecretRule {
  id: string;
  name: string;
  description: string;
  score: number;
  /** Fake values only: every one ends in EXAMPLE and is drawn from the demo's seed. */
  secret: (draw: (alphabet: string, n: number) => string) => string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

export const GITLEAKS_RULES: SecretRule[] = [
  {
    id: 'aws-access-token',
    name: 'AWS Access Token',
    description: 'Identified a pattern that may indicate AWS credentials, risking unauthorized cloud resource access and data breaches on AWS platforms.',
    score: 8.5,
    secret: (draw) => `AKIA${draw(UPPER, 9)}EXAMPLE`,
  },
  {
    id: 'github-pat',
    name: 'GitHub Personal Access Token',
    description: 'Uncovered a GitHub Personal Access Token, potentially leading to unauthorized repository access and sensitive content exposure.',
    score: 8.0,
    secret: (draw) => `ghp_${draw(ALNUM, 29)}EXAMPLE`,
  },
  {
    id: 'generic-api-key',
    name: 'Generic API Key',
    description: 'Detected a Generic API Key, potentially exposing access to various services and sensitive operations.',
    score: 6.5,
    secret: (draw) => `demo_${draw(HEX, 24)}EXAMPLE`,
  },
  {
    id: 'slack-webhook-url',
    name: 'Slack Webhook',
    description: 'Discovered a Slack Webhook, which could lead to unauthorized message posting and data leakage in Slack channels.',
    score: 5.3,
    secret: (draw) => `https://hooks.slack.com/services/T${draw(UPPER, 8)}/B${draw(UPPER, 8)}/${draw(ALNUM, 17)}EXAMPLE`,
  },
];

export const SECRET_PATHS = ['config/dev.env', 'deploy/values-staging.yaml', 'scripts/bootstrap.sh', 'docs/local-setup.md', 'test/fixtures/settings.json'];

export interface MisconfCheck {
  id: string;
  /** Resource names the check fires on (`{service}_{name}`). */
  names: string[];
  title: string;
  description: string;
  message: string;
  resolution: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  /** AWS service of the check (CauseMetadata.Service). */
  service: string;
  target: string;
  /** Terraform resource address; `{name}` is filled per finding. */
  resource: string;
}

const NAMES_BY_TYPE: Record<string, string[]> = {
  aws_s3_bucket: ['exports', 'artifacts', 'access_logs', 'backups'],
  aws_security_group_rule: ['ingress_https', 'ingress_admin', 'egress_all'],
  aws_vpc: ['main'],
  aws_subnet: ['public_a', 'public_b'],
  aws_iam_policy_document: ['deploy', 'ci_publish', 'runner'],
  aws_instance: ['bastion', 'worker'],
  aws_ecr_repository: ['app', 'cache'],
  aws_db_instance: ['primary', 'replica'],
  aws_cloudwatch_log_group: ['app', 'audit'],
};

export const MISCONF_CHECKS: MisconfCheck[] = [
  check(
    'AVD-AWS-0086',
    'S3 Access block should block public ACL',
    'S3 buckets should block public ACLs on buckets and any objects they contain.',
    'No public access block so not blocking public acls',
    'Enable blocking any PUT calls with a public ACL specified',
    'HIGH',
    's3',
    'terraform/s3.tf',
    'aws_s3_bucket.{name}',
  ),
  check(
    'AVD-AWS-0087',
    'S3 Access block should block public policy',
    'S3 bucket policy should have block public policy to prevent users from putting a policy that enable public access.',
    'No public access block so not blocking public policies',
    'Prevent policies that allow public access being PUT',
    'HIGH',
    's3',
    'terraform/s3.tf',
    'aws_s3_bucket.{name}',
  ),
  check(
    'AVD-AWS-0088',
    'Unencrypted S3 bucket.',
    'S3 Buckets should be encrypted to protect the data that is stored within them if access is compromised.',
    'Bucket does not have encryption enabled',
    'Configure bucket encryption',
    'HIGH',
    's3',
    'terraform/s3.tf',
    'aws_s3_bucket.{name}',
  ),
  check(
    'AVD-AWS-0089',
    'S3 Bucket Logging',
    'Ensures S3 bucket logging is enabled for S3 buckets',
    'Bucket has logging disabled',
    'Add a logging block to the resource to enable access logging',
    'LOW',
    's3',
    'terraform/s3.tf',
    'aws_s3_bucket.{name}',
  ),
  check(
    'AVD-AWS-0090',
    'S3 Data should be versioned',
    'Versioning in Amazon S3 is a means of keeping multiple variants of an object in the same bucket.',
    'Bucket does not have versioning enabled',
    'Enable versioning to protect against accidental/malicious removal or modification',
    'MEDIUM',
    's3',
    'terraform/s3.tf',
    'aws_s3_bucket.{name}',
  ),
  check(
    'AVD-AWS-0132',
    'S3 encryption should use Customer Managed Keys',
    'Encryption using AWS keys provides protection for your S3 buckets. To increase control of the encryption and manage factors like rotation use customer managed keys.',
    'Bucket does not encrypt data with a customer managed key.',
    'Enable encryption using customer managed keys',
    'HIGH',
    's3',
    'terraform/s3.tf',
    'aws_s3_bucket.{name}',
  ),
  check(
    'AVD-AWS-0124',
    'Missing description for security group rule.',
    'Security group rules should include a description for auditing purposes.',
    'Security group rule does not have a description.',
    'Add descriptions for all security groups rules',
    'LOW',
    'ec2',
    'terraform/network.tf',
    'aws_security_group_rule.{name}',
  ),
  check(
    'AVD-AWS-0104',
    'A security group rule should not allow unrestricted egress to any IP address.',
    'Opening up ports to connect out to the public internet is generally to be avoided.',
    'Security group rule allows unrestricted egress to any IP address.',
    'Set a more restrictive cidr range',
    'CRITICAL',
    'ec2',
    'terraform/network.tf',
    'aws_security_group_rule.{name}',
    ['egress_all'],
  ),
  check(
    'AVD-AWS-0107',
    'An ingress security group rule allows traffic from /0.',
    'Opening up ports to the public internet is generally to be avoided.',
    'Security group rule allows ingress from public internet.',
    'Set a more restrictive cidr range',
    'CRITICAL',
    'ec2',
    'terraform/network.tf',
    'aws_security_group_rule.{name}',
    ['ingress_admin', 'ingress_https'],
  ),
  check(
    'AVD-AWS-0178',
    'VPC Flow Logs is a feature that enables you to capture information about the IP traffic going to and from network interfaces in your VPC.',
    'VPC Flow Logs provide visibility into network traffic that traverses the VPC.',
    'VPC Flow Logs is not enabled for VPC',
    'Enable flow logs for VPC',
    'MEDIUM',
    'ec2',
    'terraform/network.tf',
    'aws_vpc.{name}',
  ),
  check(
    'AVD-AWS-0164',
    'Instances in a subnet should not receive a public IP address by default.',
    'You should limit the provision of public IP addresses for resources.',
    'Subnet associates public IP address.',
    'Set the instance to not be publicly accessible',
    'HIGH',
    'ec2',
    'terraform/network.tf',
    'aws_subnet.{name}',
  ),
  check(
    'AVD-AWS-0057',
    'IAM policy should avoid use of wildcards and instead apply the principle of least privilege',
    'You should use the principle of least privilege when defining your IAM policies.',
    "IAM policy document uses sensitive action 's3:*' on wildcarded resource '*'",
    'Specify the exact permissions required, and to which resources they should apply instead of using wildcards.',
    'HIGH',
    'iam',
    'terraform/iam.tf',
    'aws_iam_policy_document.{name}',
  ),
  check(
    'AVD-AWS-0028',
    'aws_instance should activate session tokens for Instance Metadata Service.',
    'IMDS v2 (Instance Metadata Service) introduced session authentication tokens which improve security when talking to IMDS.',
    'Instance does not require IMDS access to require a token.',
    'Enable HTTP token requirement for IMDS',
    'HIGH',
    'ec2',
    'terraform/compute.tf',
    'aws_instance.{name}',
  ),
  check(
    'AVD-AWS-0131',
    'Instance with unencrypted block device.',
    'Block devices should be encrypted to ensure sensitive data is held securely at rest.',
    'Root block device is not encrypted.',
    'Turn on encryption for all block devices',
    'HIGH',
    'ec2',
    'terraform/compute.tf',
    'aws_instance.{name}',
  ),
  check(
    'AVD-AWS-0031',
    "ECR images tags shouldn't be mutable.",
    'ECR images should be set to IMMUTABLE to prevent code injection through image mutation.',
    'Repository tags are mutable.',
    'Only use immutable images in ECR',
    'HIGH',
    'ecr',
    'terraform/ecr.tf',
    'aws_ecr_repository.{name}',
  ),
  check(
    'AVD-AWS-0030',
    'ECR repository has image scans disabled.',
    'Repository image scans should be enabled to ensure vulnerable software can be discovered and remediated as soon as possible.',
    'Image scanning is not enabled.',
    'Enable ECR image scanning',
    'HIGH',
    'ecr',
    'terraform/ecr.tf',
    'aws_ecr_repository.{name}',
  ),
  check(
    'AVD-AWS-0033',
    'ECR Repository should use customer managed keys to allow more control',
    'Images in the ECR repository are encrypted by default using AWS managed encryption keys.',
    'Repository is not encrypted using KMS.',
    'Use customer managed keys',
    'LOW',
    'ecr',
    'terraform/ecr.tf',
    'aws_ecr_repository.{name}',
  ),
  check(
    'AVD-AWS-0080',
    'RDS encryption has not been enabled at a DB Instance level.',
    'Encryption should be enabled for an RDS Database instances.',
    'Instance does not have storage encryption enabled.',
    'Enable encryption for RDS instances',
    'HIGH',
    'rds',
    'terraform/rds.tf',
    'aws_db_instance.{name}',
  ),
  check(
    'AVD-AWS-0077',
    'RDS Cluster and RDS instance should have backup retention longer than default 1 day',
    'RDS backup retention for clusters defaults to 1 day, this may not be enough to identify and respond to an issue.',
    'Instance has very low backup retention period.',
    'Explicitly set the retention period to greater than the default',
    'MEDIUM',
    'rds',
    'terraform/rds.tf',
    'aws_db_instance.{name}',
  ),
  check(
    'AVD-AWS-0176',
    'RDS IAM Database Authentication Disabled',
    'Ensure IAM Database Authentication is enabled for RDS database instances to manage database access',
    'Instance does not have IAM Authentication enabled',
    'Modify the PostgreSQL and MySQL type RDS instances to enable IAM database authentication.',
    'MEDIUM',
    'rds',
    'terraform/rds.tf',
    'aws_db_instance.{name}',
  ),
  check(
    'AVD-AWS-0017',
    'CloudWatch log groups should be encrypted using CMK',
    'CloudWatch log groups are encrypted by default, however, to get the full benefit of controlling key rotation and other KMS aspects a KMS CMK should be used.',
    'Log group is not encrypted.',
    'Enable CMK encryption of CloudWatch Log Groups',
    'LOW',
    'cloudwatch',
    'terraform/logging.tf',
    'aws_cloudwatch_log_group.{name}',
  ),
];

function check(
  id: string,
  title: string,
  description: string,
  message: string,
  resolution: string,
  severity: MisconfCheck['severity'],
  service: string,
  target: string,
  resource: string,
  names: string[] = NAMES_BY_TYPE[resource.split('.')[0]!] ?? ['main'],
): MisconfCheck {
  return { id, names, title, description, message, resolution, severity, service, target, resource };
}

/** Whether a rule applies to a service of this area and stack, and the form it takes there. */
export function formFor(rule: CodeRule, area: AreaKey, stack: Stack, offPavedRoad = false): CodeForm | undefined {
  if (rule.areas !== 'all' && !rule.areas.includes(area)) {
    if (!(offPavedRoad && rule.customPipelines)) return undefined;
    return rule.forms.any;
  }
  return rule.forms[stack] ?? rule.forms.any;
}

/** The form of a rule in a service's repository: its area and stack, and whether it is off the paved road. */
export function formForService(rule: CodeRule, service: DemoService): CodeForm | undefined {
  return formFor(rule, service.area, service.stack, !service.tags.some((t) => t.startsWith('paved-road:')));
}
