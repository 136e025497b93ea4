// The embedded cluster's own tests probe RBAC with GSV Ops' token on purpose (forbidden Secrets, refused writes):
// those are not features using permissions, so they stay out of the least-privilege evidence of the test run.
delete process.env.GSV_DEVCLUSTER_USAGE_DIR;

export {};
