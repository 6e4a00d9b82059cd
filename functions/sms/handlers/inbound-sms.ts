// Placeholder so the CDK stack can bundle while the SMS handler is written (replaced in the next commit).
export const handler = async (): Promise<void> => {};
