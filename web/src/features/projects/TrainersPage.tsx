// SCAFFOLD: replaced by the feature implementation.
export default function TrainersPage() {
  return null;
}
