// SCAFFOLD: replaced by the run-time feature (attendance, assessment, certificates).
export function AssessmentTab(_props: { projectId: number }) {
  return null;
}
