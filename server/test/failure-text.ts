// "<code> <message>" of the rpc_error a client library's call failed with, however that library
// shapes its errors (`read` says; null when the thrown thing is no rpc_error).
export async function failureText(call: Promise<unknown>, read: (e: unknown) => string | null): Promise<string> {
  try {
    await call;
  } catch (e) {
    const text = read(e);
    if (text !== null) return text;
    throw e;
  }
  throw new Error('the call succeeded');
}
