// SCAFFOLD: replaced by the feature implementation.
export default function NotificationsPage() {
  return null;
}
