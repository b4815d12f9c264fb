import { ImportWizard } from '../imports/ImportWizard';

export default function CreditImportPage() {
  return <ImportWizard kind="credits" />;
}
