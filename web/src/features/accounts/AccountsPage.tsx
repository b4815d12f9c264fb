// SCAFFOLD: replaced by the feature implementation.
export default function AccountsPage() {
  return null;
}
