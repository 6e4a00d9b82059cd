import { describe, expect, it } from 'vitest';
import { CustomerRepository } from '../../functions/customers/adapters/customer-repository';
import { verifyPin } from '../../functions/customers/pin';
import { DynamoIntakeRepository } from '../../functions/intake/adapters/dynamo-intake-repository';
import * as keys from '../../functions/shared/keys';
import { importCustomerFile } from '../../local/import-customers';
import { freshTable } from '../support/dynamo';

describe('importing the sample customer directory into DynamoDB Local', () => {
  it('makes every valid customer findable by each bound number, and reports the bad line', async () => {
    const { doc, tableName } = await freshTable('import');
    const report = await importCustomerFile(doc, tableName, 'local/seed/customers-sample.csv');
    expect(report.imported).toBe(3);
    expect(report.rejected).toEqual([expect.objectContaining({ line: 5 })]);

    const intake = new DynamoIntakeRepository(doc, tableName);
    const landline = await intake.loadSender(keys.phonePartition('+8657188880001'));
    const mobile = await intake.loadSender(keys.phonePartition('+8613905710001'));
    expect(landline.links).toEqual([expect.objectContaining({ accountNumber: '3399000001', important: true, feeder: 'HZ-XIHU-F02' })]);
    expect(mobile.links.map((l) => l.accountNumber)).toEqual(['3399000001']);

    const hospital = await new CustomerRepository(doc, tableName).getProfile('3399000001');
    expect(hospital?.pinHash && verifyPin('2580', hospital.pinHash)).toBe(true);
    expect(JSON.stringify(hospital)).not.toContain('2580');
  });
});
