import { ImportWizard } from './ImportWizard';

export default function SchoolImportPage() {
  return <ImportWizard kind="schools" />;
}
