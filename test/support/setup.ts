// Registers toReceiveCommandWith and friends for aws-sdk-client-mock.
import 'aws-sdk-client-mock-vitest/extend';
