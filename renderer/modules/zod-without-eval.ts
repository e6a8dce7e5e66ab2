import { z } from 'zod'

// The CSP forbids eval. Otherwise zod probes for it with `new Function` as each object schema is built,
// and Chromium reports a violation; jitless, it validates the same way without generated code.
z.config({ jitless: true })
