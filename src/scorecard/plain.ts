/**
 * Words for readers outside engineering (the board summary): what a KPI is about, without its
 * acronyms. A KPI without an entry reads as "a security target".
 */
const PLAIN_KPI: Record<string, string> = {
  critical_mttr_internet: 'the time to fix severe weaknesses on internet-facing systems',
  critical_sla_compliance: 'fixing severe weaknesses on time',
  high_mttr_crown_jewels: 'the time to fix serious weaknesses on the most critical systems',
  exception_volume_age: 'the number and age of accepted risks',
  reopen_rate: 'fixes that stay fixed',
  scanning_coverage: 'how much of the software is checked',
  secrets_leak_rate: 'leaked passwords and keys',
  dependency_update_latency: 'the time to update outdated components',
  container_policy_compliance: 'the health of packaged software',
  cspm_compliance: 'the cloud set-up',
  iam_least_privilege: 'keeping access rights narrow',
  mfa_sso_coverage: 'strong sign-in for privileged staff',
  logging_coverage: 'security logging on critical systems',
  mttd: 'the time to detect incidents',
  mttc: 'the time to contain incidents',
  alert_precision: 'the accuracy of security alerts',
  pentest_closure_time: 'the time to close findings of external tests',
  design_review_throughput: 'security design reviews',
  threat_model_adoption: 'threat analysis of critical systems',
  developer_satisfaction: 'how engineers rate security support',
  tooling_reliability: 'the reliability of security checks',
  cost_to_outcome: 'the cost of each fix',
  team_health: 'team health and retention',
  delivery_predictability: 'delivering security work on time',
  risk_index: 'open exposure weighted by how critical each system is',
  gate_coverage: 'security checks in the release pipelines',
  gate_bypass_rate: 'releases that skip their security checks',
  gate_tool_error_rate: 'security checks that fail to run',
  security_review_latency: 'the wait for a security review',
};

export function plainKpiName(id: string): string {
  return PLAIN_KPI[id] ?? 'a security target';
}
