// SCAFFOLD: replaced by the feature implementation.
export default function ProjectDetailPage() {
  return null;
}
