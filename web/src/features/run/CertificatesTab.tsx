// SCAFFOLD: replaced by the run-time feature (attendance, assessment, certificates).
export function CertificatesTab(_props: { projectId: number }) {
  return null;
}
