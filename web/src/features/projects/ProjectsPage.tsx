// SCAFFOLD: replaced by the feature implementation.
export default function ProjectsPage() {
  return null;
}
