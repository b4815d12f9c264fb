// SCAFFOLD: replaced by the feature implementation.
export default function AuditPage() {
  return null;
}
