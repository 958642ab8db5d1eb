// The accounts every fresh server has (unless demoUsers: false): one of each kind a sign-in screen
// must handle. The CLI banner and the app's demo mode list them.
import type { UserSpec } from './user-directory';

export const DEMO_USERS: readonly UserSpec[] = [
  { phone: '+15550100', firstName: 'Ada', lastName: 'Lovelace', dc: 2, codeChannels: ['app', 'sms', 'call'] },
  {
    phone: '+15550101',
    firstName: 'Grace',
    lastName: 'Hopper',
    dc: 2,
    password: 'hunter2',
    hint: 'the usual',
    recoveryEmail: 'grace@example.com',
    codeChannels: ['app', 'sms', 'call'],
  },
  { phone: '+15550102', firstName: 'Alan', lastName: 'Turing', dc: 3, codeChannels: ['app', 'sms', 'call'] },
  // Today's reality for third-party apps: the code only ever goes to the Telegram app.
  { phone: '+15550103', firstName: 'Katherine', lastName: 'Johnson', dc: 2, codeChannels: ['app'] },
];
