// SCAFFOLD: replaced by the feature implementation.
export default function ProjectCalendarPage() {
  return null;
}
