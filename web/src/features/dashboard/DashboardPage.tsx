// SCAFFOLD: replaced by the feature implementation.
export default function DashboardPage() {
  return null;
}
