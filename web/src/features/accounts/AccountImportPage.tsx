// Accounts from a sheet: the shared import wizard (preview, then all or nothing); the commit returns
// the new accounts' slips, which the done step prints.
import type { AccountImportResult, ImportResult } from '@shixun/common';
import { ImportWizard } from '../imports/ImportWizard';
import { keepSlips } from './slipStore';

export default function AccountImportPage() {
  return (
    <ImportWizard kind="accounts" onCommitted={(r: ImportResult) => keepSlips((r as AccountImportResult).batch)} />
  );
}
