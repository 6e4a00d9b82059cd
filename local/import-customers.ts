import { createReadStream } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CustomerRepository } from '../functions/customers/adapters/customer-repository';
import type { Customer } from '../functions/customers/customer';
import { parseCustomerDirectory } from '../functions/customers/directory-import';

const BATCH = 500;

export interface ImportReport {
  readonly imported: number;
  readonly rejected: readonly { line: number; error: string }[];
}

/**
 * Streams a customer directory file (`.csv` with a header row, or `.jsonl`)
 * into the table, a batch at a time, so memory stays flat for large files.
 *
 * @example
 * await importCustomerFile(doc, 'hotline-local', 'local/seed/customers-sample.csv');
 */
export async function importCustomerFile(
  doc: DynamoDBDocumentClient,
  tableName: string,
  path: string,
  /** Called after each batch with the running count, for a progress line. */
  onProgress: (imported: number) => void = () => {},
): Promise<ImportReport> {
  const repository = new CustomerRepository(doc, tableName);
  const format = path.endsWith('.jsonl') || path.endsWith('.ndjson') ? 'jsonl' : 'csv';
  const rejected: { line: number; error: string }[] = [];
  let batch: Customer[] = [];
  let imported = 0;
  for await (const row of parseCustomerDirectory(createReadStream(path), { format })) {
    if ('error' in row) {
      rejected.push({ line: row.line, error: row.error });
      continue;
    }
    batch.push(row.customer);
    if (batch.length === BATCH) {
      await repository.saveCustomers(batch);
      imported += batch.length;
      batch = [];
      if (imported % (BATCH * 20) === 0) onProgress(imported);
    }
  }
  await repository.saveCustomers(batch);
  return { imported: imported + batch.length, rejected };
}
