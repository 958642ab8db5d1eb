// English: the default language, and the shape every other language file must match key for key
// (dictionary.ts derives the type from this object; test/renderer/i18n-languages.test.ts checks
// placeholders). `{name}` is a placeholder; an object of plural forms is chosen by
// Intl.PluralRules on `count`.
const en = {
  // The window
  'app.demoBadge': 'Demo',
  'app.demoBadgeTitle': 'Connected to a local test server, not to Telegram',
  'app.coreOffline': 'Lost the connection to Gramdesk’s core. Reconnecting…',
  'app.unauthorized':
    'This page can’t talk to Gramdesk: its access link is missing or out of date. Open the link that {command} printed.',
  'app.keychainMissing':
    'No system keychain is available ({reason}). You can sign in, but Gramdesk won’t remember you after it closes.',
  'app.callFailedOffline':
    'That didn’t go through: Gramdesk’s core can’t be reached right now. Try again once the connection is back.',
  'app.language': 'Language',
  'app.continueIn': 'Continue in English',
  'app.partUnavailable': 'This part of the window could not be loaded: Gramdesk’s core could not be reached. Reload the window once it is back.',

  // Errors of the flow
  'error.PHONE_NUMBER_INVALID': 'Telegram says this phone number is not valid. Check the country code and the number.',
  'error.PHONE_NUMBER_BANNED':
    'This phone number is banned from Telegram. If you think that is a mistake, write to Telegram support at recover@telegram.org.',
  'error.PHONE_NUMBER_FLOOD': 'Telegram has seen too many sign-in attempts for this number. Wait before trying again.',
  'error.PHONE_NUMBER_UNOCCUPIED':
    'There is no Telegram account with this number yet. Send a code to it again to create one.',
  'error.PHONE_CODE_EMPTY': 'Enter the code you received.',
  'error.PHONE_CODE_INVALID': 'That code is not right. Check it and type it again.',
  'error.PHONE_CODE_EXPIRED': 'This code has expired. Ask for a new one and enter it within a few minutes.',
  'error.PHONE_CODE_HASH_EMPTY':
    'Telegram no longer knows about that sign-in attempt, so it was started over. Your number is kept: send a new code.',
  'error.SEND_CODE_UNAVAILABLE': 'Telegram will not send the code another way for this number.',
  'error.FLOOD_WAIT': 'Too many attempts: Telegram asks you to wait before trying again.',
  'error.API_ID_INVALID':
    'Telegram rejected this app’s API credentials. Check TELEGRAM_API_ID and TELEGRAM_API_HASH, then restart Gramdesk.',
  'error.PHONE_FORMAT': 'Enter the number with its country code, for example +1 555 010 0100.',
  'error.CODE_FORMAT.digits': {
    one: 'The code is {count} digit long. Enter it.',
    other: 'The code is {count} digits long. Enter all {count} digits.',
  },
  'error.CODE_FORMAT.digitsOnly': 'The code is made of digits only.',
  'error.CODE_FORMAT.word': 'Enter the word from the SMS.',
  'error.CODE_FORMAT.phrase': 'Enter the phrase from the SMS.',
  'error.CODE_FORMAT.wordStart': 'The word from the SMS starts with “{beginning}”. Check it and type it again.',
  'error.CODE_FORMAT.phraseStart': 'The phrase from the SMS starts with “{beginning}”. Check it and type it again.',
  'error.NETWORK': 'Gramdesk cannot reach Telegram. Check your internet connection and try again.',
  'error.TIMEOUT': 'Telegram did not answer in time. Try again.',
  'error.SERVER': 'Telegram had a problem on its side. Try again in a moment.',
  'error.KEYCHAIN_WRITE_FAILED':
    'You are signed in, but the session could not be saved in the system keychain, so Gramdesk will ask you to sign in again next time.',
  'error.LOGOUT_SERVER_FAILED':
    'You are logged out on this computer, but Telegram could not be told. If this device still shows in your active sessions, end it from another device.',
  'error.UNKNOWN': 'Something unexpected went wrong. Try again.',
  'error.PASSWORD_HASH_INVALID': 'That password is not right. Check it and try again.',
  'error.PHONE_PASSWORD_FLOOD': 'Too many wrong passwords: Telegram asks you to wait before trying again.',
  'error.PASSWORD_RECOVERY_NA':
    'This account has no recovery email, so the password can’t be reset by email. Reset it in a Telegram app where you are signed in, or reset the account from the official app (after a week’s wait).',
  'error.PASSWORD_RECOVERY_EXPIRED': 'The recovery code has expired. Ask for a new one.',
  'error.CODE_INVALID': 'That code is not right. Check it and type it again.',
  'error.SRP_ID_INVALID': 'Telegram could not check the password this time. Try again.',
  'error.PASSWORD_FORMAT': 'Enter your password.',
  'error.AUTH_TOKEN_EXPIRED': 'The QR code expired before it was scanned. Show a new one.',
  'error.AUTH_TOKEN_INVALID': 'That QR code is no longer valid. Show a new one.',
  'error.AUTH_TOKEN_ALREADY_ACCEPTED': 'That QR code was already used. Show a new one.',
  'error.PHONE_NUMBER_APP_SIGNUP_FORBIDDEN':
    'Telegram doesn’t let third-party apps like Gramdesk create new accounts for this number. Sign up in the official Telegram app on your phone first, then sign in here with the same number or a QR code.',
  'error.PHONE_NUMBER_OCCUPIED': 'This number already has a Telegram account. Sign in instead.',
  'error.FIRSTNAME_INVALID': 'Telegram did not accept that first name. Try another.',
  'error.LASTNAME_INVALID': 'Telegram did not accept that last name. Try another.',
  'error.NAME_FORMAT': 'Enter a first name (up to 64 characters).',
  'error.EMAIL_INVALID': 'Telegram did not accept that email address. Check it or use another.',
  'error.EMAIL_FORMAT': 'Enter an email address, like name@example.com.',
  'error.EMAIL_VERIFICATION_INVALID': 'That email code is not right. Check it and type it again.',
  'error.CODE_EXPIRED': 'This code has expired. Ask for a new one.',
  'error.AUTH_KEY_UNREGISTERED': 'Telegram no longer knows this device’s session, so you were signed out. Sign in again.',
  'error.SESSION_REVOKED': 'This session was ended from another device, so you were signed out. Sign in again.',
  'error.SESSION_EXPIRED': 'This session expired, so you were signed out. Sign in again.',
  'error.USER_DEACTIVATED': 'This Telegram account has been deleted or deactivated.',
  'error.AUTH_KEY_DUPLICATED':
    'This session was used from two places at once, so Telegram ended it for safety. Sign in again.',
  'error.FRESH_RESET_AUTHORISATION_FORBIDDEN':
    'This session is less than a day old, so Telegram doesn’t let it end other sessions yet. Try again later.',
  'error.HASH_INVALID': 'That session has already ended. The list has been refreshed.',
  'error.OFFLINE': 'No connection to Telegram right now. Gramdesk is reconnecting; try again in a moment.',
  'error.retryIn': 'You can try again in {time}.',
  'error.retryNow': 'You can try again now.',

  // Errors of the call itself
  'callError.UNKNOWN_INTENT':
    'This window and Gramdesk’s core are out of step (an unknown action was sent). Restart Gramdesk.',
  'callError.BAD_ARGUMENTS': 'Gramdesk’s core refused a malformed request. Try again.',
  'callError.BAD_SENDER': 'This window is not allowed to talk to Gramdesk’s core. Restart Gramdesk.',
  'callError.NOT_NOW': 'That action no longer applies; the screen shows where things stand now.',
  'callError.BUSY': 'Another action is still running. Wait for it to finish.',
  'callError.URL_NOT_ALLOWED': 'Gramdesk only opens Telegram’s own pages (Fragment); that link was not opened.',
  'callError.PROXY_INVALID': 'That proxy’s details don’t hold together; nothing was saved.',
  'callError.PROXY_NOT_FOUND': 'That proxy is no longer in the list; nothing changed.',
  'callError.INTERNAL': 'Something went wrong inside Gramdesk. Try again.',

  // Progress while an action runs
  'busy.send_code': 'Sending the code…',
  'busy.resend_code': 'Asking for the code another way…',
  'busy.sign_in': 'Signing in…',
  'busy.cancel_code': 'Going back…',
  'busy.log_out': 'Logging out…',
  'busy.check_password': 'Checking the password…',
  'busy.request_recovery': 'Sending a recovery code…',
  'busy.recover_password': 'Checking the recovery code…',
  'busy.qr_token': 'Getting a QR code…',
  'busy.qr_sign_in': 'Signing in…',
  'busy.sign_up': 'Creating the account…',
  'busy.send_email': 'Sending the email code…',
  'busy.verify_email': 'Checking the email code…',
  'busy.load_sessions': 'Loading active sessions…',
  'busy.end_session': 'Ending the session…',

  // Shared by several steps
  'common.wrongNumber': 'Wrong number?',
  'common.signIn': 'Sign in',
  'common.qrLogin': 'Log in by QR code',
  'common.useAnotherNumber': 'Use another number',
  'common.checkEmail': 'Check your email',
  'common.connecting': 'Connecting…',

  // Phone step
  'phone.title': 'Sign in to Telegram',
  'phone.lead': 'Choose your country and enter your phone number. Telegram will send you a code.',
  'phone.label': 'Phone number',
  'phone.hint': 'Type the number as you would dial it in your country, or paste it with its + code.',
  'phone.next': 'Next',
  'phone.or': 'or',
  'phone.country': 'Country',
  'phone.countrySearch': 'Search for a country',
  'phone.countryNone': 'No country matches “{query}”.',
  'phone.countryOther': 'Other (type the + code)',
  'phone.countryCount': {
    one: '{count} country',
    other: '{count} countries',
  },

  // Code step
  'code.titleCode': 'Enter the code',
  'code.titleWord': 'Enter the word',
  'code.titlePhrase': 'Enter the phrase',
  'code.openFragment': 'Open Fragment',
  'code.callPrefix': 'The number starts with {prefix}',
  'code.newCode': 'Send a new code',
  'code.noOtherWayLead': 'If the code doesn’t arrive:',
  'code.noOtherWay': 'Telegram offers no other way to send this code.',
  'code.otherWayApp':
    'Open Telegram on a phone or computer where you are already signed in: the code arrives there as a message from “Telegram”.',
  'code.otherWayQr': 'Or log in with a QR code: scan it with the Telegram app on your phone, no code needed.',
  'code.field.word': 'Word from the SMS',
  'code.field.phrase': 'Phrase from the SMS',
  'code.field.missedCall': {
    one: 'Last digit of the number that called you',
    other: 'Last {count} digits of the number that called you',
  },
  'code.field.missedCallUnknown': 'Last digits of the number that called you',
  'code.field.flashCall': 'The number that called you',
  'code.field.email': {
    one: '{count}-digit code from the email',
    other: '{count}-digit code from the email',
  },
  'code.field.emailUnknown': 'Code from the email',
  'code.field.digits': {
    one: '{count}-digit code',
    other: '{count}-digit code',
  },
  'code.field.unknown': 'Code',

  // Where the code went
  'delivery.app': 'We sent the code to your Telegram app on another device. Look for a message from “Telegram”.',
  'delivery.sms': 'We sent the code by SMS to {phone}.',
  'delivery.call': 'We’ll call you at {phone} and read the code out.',
  'delivery.flash_call':
    'We’ll make a short call to {phone}. No need to answer: enter the whole number that called you (it looks like {pattern}).',
  'delivery.missed_call': {
    one: 'We’ll call {phone} from a number starting with {prefix}. No need to answer: enter the last digit of the number that called you.',
    other:
      'We’ll call {phone} from a number starting with {prefix}. No need to answer: enter the last {count} digits of the number that called you.',
  },
  'delivery.missed_callUnknown':
    'We’ll call {phone} from a number starting with {prefix}. No need to answer: enter the last few digits of the number that called you.',
  'delivery.email': 'We sent the code to your email address {email}.',
  'delivery.setup_email_required': 'Telegram wants a login email set up for this account before it sends a code.',
  'delivery.fragment_sms': 'We sent the code to your anonymous number on Fragment. Open Fragment to read it.',
  'delivery.firebase_sms':
    'Telegram wants to check this number in a way that only works on phones. Ask for the code another way below.',
  'delivery.sms_word': 'We sent a word by SMS to {phone}. Enter that word.',
  'delivery.sms_wordStart': 'We sent a word by SMS to {phone}; it starts with “{beginning}”. Enter that word.',
  'delivery.sms_phrase': 'We sent a phrase by SMS to {phone}. Enter that phrase.',
  'delivery.sms_phraseStart': 'We sent a phrase by SMS to {phone}; it starts with “{beginning}”. Enter that phrase.',

  // The next channel: the button, and the wait before it
  'next.sms': 'Send the code by SMS',
  'next.call': 'Call me instead',
  'next.flash_call': 'Verify with a short call',
  'next.missed_call': 'Verify with a missed call',
  'next.fragment_sms': 'Send the code through Fragment',
  'wait.sms': 'You can ask for the code by SMS in {time}',
  'wait.call': 'You can ask for a call in {time}',
  'wait.flash_call': 'You can ask for a short call in {time}',
  'wait.missed_call': 'You can ask for a missed call in {time}',
  'wait.fragment_sms': 'You can ask for the code through Fragment in {time}',

  // Two-step password
  'password.title': 'Enter your password',
  'password.lead': 'Your account is protected by two-step verification: enter the cloud password you set in Telegram.',
  'password.label': 'Password',
  'password.show': 'Show password',
  'password.hide': 'Hide password',
  'password.hint': 'Hint: {hint}',
  'password.capsLock': 'Caps Lock is on.',
  'password.forgot': 'Forgot password?',
  'password.noRecovery': 'This account has no recovery email, so Telegram can’t send you a code to reset the password.',
  'password.noRecoveryLead': 'What you can do:',
  'password.noRecoveryRetry': 'Try again: the hint may help, and the password is case-sensitive.',
  'password.noRecoveryOtherDevice':
    'On a phone or computer where you are still signed in to Telegram, open Settings → Privacy and Security → Two-Step Verification to change the password or turn it off.',
  'password.noRecoveryReset':
    'If you are signed in nowhere else, the official Telegram app can reset the account. That deletes your chats and contacts, and Telegram may make you wait up to a week first.',

  // Password recovery
  'recovery.lead': 'We sent a recovery code to {email}, the recovery email of this account.',
  'recovery.label': 'Recovery code',
  'recovery.note':
    'Signing in with this code turns your two-step password off. Set a new one afterwards in Telegram’s Settings → Privacy and Security.',
  'recovery.newCode': 'Back to get a new code',
  'recovery.back': 'Back to the password',

  // QR login
  'qr.codeLabel': 'QR code to log in to Telegram',
  'qr.expiredLabel': 'Expired QR code',
  'qr.scanned': 'Scanned. Signing in…',
  'qr.expired': 'This QR code has expired.',
  'qr.expiredOffline': 'This QR code has expired, and no new one can be fetched while Gramdesk is offline.',
  'qr.newCode': 'Show a new QR code',
  'qr.refreshIn': 'A new code replaces this one in {time}.',
  'qr.offlineExpiresIn': 'Offline: this code expires in {time}.',
  'qr.step1': 'Open Telegram on your phone.',
  'qr.step2': 'Go to Settings → Devices → Link Desktop Device.',
  'qr.step3': 'Point your phone at this screen to scan the code.',
  'qr.byPhone': 'Log in by phone number instead',

  // Sign-up
  'signUp.title': 'Create your account',
  'signUp.lead': 'There is no Telegram account with this number yet. Enter your name to create one.',
  'signUp.firstName': 'First name',
  'signUp.lastName': 'Last name (optional)',
  'signUp.terms': 'Terms of service',
  'signUp.noTerms': 'Telegram sent no terms for this number; its usual Terms of Service apply.',
  'signUp.accept': 'I have read and accept the Terms of Service',
  'signUp.age': {
    one: 'I am at least {count} year old',
    other: 'I am at least {count} years old',
  },
  'signUp.create': 'Create account',

  // Login email set-up
  'email.title': 'Add a login email',
  'email.lead':
    'Telegram asks this account to set up a login email before it signs in on a new device. Your sign-in codes will be sent there from now on.',
  'email.label': 'Email address',
  'email.send': 'Send a code to this email',
  'email.codeLead': 'We sent a code to {email} to confirm the address.',
  'email.confirm': 'Confirm the email',

  // Signed in
  'signedIn.eyebrow': 'You are signed in as',
  'signedIn.unnamed': 'Telegram user',
  'signedIn.notSaved':
    'This session is not saved: no system keychain could store it, so Gramdesk will ask you to sign in again the next time it starts.',
  'signedIn.logOut': 'Log out',

  // The account list: the switcher, the add-account bar and the list's notices
  'accounts.switcherTitle': 'Accounts on this computer',
  'accounts.add': 'Add account',
  'accounts.addingTitle': 'Adding an account.',
  'accounts.addingNote': 'Your other accounts stay signed in and connected while you sign in to this one.',
  'accounts.cancelAdd': 'Cancel',
  'accounts.logOutOne': 'Log out',
  'accounts.logOutAll': 'Log out of all accounts',
  'accounts.dismiss': 'Dismiss',
  'accounts.shown': 'Shown',
  'accounts.switchTo': 'Switch to {name}',
  'accounts.logOutOf': 'Log out of {name}',
  'accounts.unnamed': 'Telegram account',
  'accounts.status.connecting': 'Connecting…',
  'accounts.status.connected': 'Connected',
  'accounts.status.offline': 'Offline',
  'accounts.demoSignedIn': 'signed in here',
  'accounts.notice.alreadySignedIn': '{name} is already signed in here, so Gramdesk switched to it instead of signing in twice.',
  'accounts.notice.removed': '{name} was removed: {reason}',
  'accounts.notice.limitReached': 'Gramdesk keeps up to {max} accounts at once, each with its own connection. Log out of one to add another.',
  'accounts.notice.interruptedSignInEnded': 'Gramdesk was stopped in the middle of signing in or out, which left a sign-in open on Telegram. It has now been logged out, so nobody can use it.',

  // Active sessions
  'sessions.title': 'Active sessions',
  'sessions.refresh': 'Refresh',
  'sessions.loading': 'Loading…',
  'sessions.failed': 'The list of sessions could not be loaded. Refresh to try again.',
  'sessions.empty': 'Refresh to see the devices signed in to this account.',
  'sessions.unknownDevice': 'Unknown device',
  'sessions.thisDevice': 'This device',
  'sessions.unofficial': 'unofficial app',
  'sessions.onlineNow': 'Online now',
  'sessions.activeNow': 'Active now',
  'sessions.activeMinutes': {
    one: 'Active {count} min ago',
    other: 'Active {count} min ago',
  },
  'sessions.activeHours': {
    one: 'Active {count} h ago',
    other: 'Active {count} h ago',
  },
  'sessions.lastActive': 'Last active {date}',
  'sessions.confirm': 'Sign out {device}?',
  'sessions.confirmYes': 'Yes, end it',
  'sessions.cancel': 'Cancel',
  'sessions.end': 'End session',
  'sessions.noOthers': 'No other devices are signed in to this account.',

  // Offline
  'offline.label': 'Offline',
  'offline.statement': 'No connection to Telegram. Nothing you entered is lost.',
  'offline.retryIn': 'Reconnecting by itself in {time}.',
  'offline.retryNow': 'Reconnecting now…',

  // The connection: the indicator in the top bar, and a proxy that fails
  'connection.connectingVia': 'Connecting through {proxy}…',
  'connection.connected': 'Connected',
  'connection.connectedVia': 'Connected through {proxy}',
  'connection.offline': 'Offline',
  'connection.proxyFailed': 'Can’t connect through {proxy}',
  'connection.settings': 'Connection and proxy settings',
  'connection.change': 'Change connection',
  'connection.notRemembered':
    'Connected, but the keychain could not keep your API ID and hash: Gramdesk will ask again next time.',
  'proxy.disable': 'Disable proxy',
  'proxy.type.socks5': 'SOCKS5',
  'proxy.type.http': 'HTTP',
  'proxy.type.mtproto': 'MTProto',
  'proxyFailure.PROXY_UNREACHABLE': 'The proxy doesn’t answer. Check its address and port, or whether it is running.',
  'proxyFailure.PROXY_AUTH_FAILED': 'The proxy refused the user name and password.',
  'proxyFailure.PROXY_BAD_SECRET':
    'The proxy doesn’t accept this secret. Check the secret (and, for an ee secret, its domain).',
  'proxyFailure.PROXY_REFUSED': 'The proxy answered but would not connect to Telegram.',
  'proxyFailure.PROXY_PROTOCOL': 'Something answered at that address, but it doesn’t speak this kind of proxy.',
};

export default en;
