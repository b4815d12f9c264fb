// SCAFFOLD: replaced by the run-time feature (attendance, assessment, certificates).
export function AttendanceTab(_props: { projectId: number }) {
  return null;
}
