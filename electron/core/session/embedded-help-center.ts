/**
 * The demo help center the app can run in-process. Core only knows this port; the shell (or a
 * test) plugs in the real `server/` code, so core never imports the server.
 */
export interface EmbeddedHelpCenter {
  /** Starts once; later calls answer with the running instance. */
  start(): Promise<{ url: string; demoCustomer: { email: string; password: string } }>
  stop(): Promise<void>
}
