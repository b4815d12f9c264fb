import { ImportWizard } from './ImportWizard';

export default function ResultsImportPage() {
  return <ImportWizard kind="results" />;
}
