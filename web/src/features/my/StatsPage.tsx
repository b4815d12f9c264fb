// SCAFFOLD: replaced by the feature implementation.
export default function StatsPage() {
  return null;
}
