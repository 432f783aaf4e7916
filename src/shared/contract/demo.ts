import { z } from 'zod'
import { method } from './define'
import { connectionSchema } from './model'
import { empty } from './primitives'

export const demoMethods = {
  'demo.start': method(
    'Start the built-in provider sandbox and connect to each of its platforms.',
    empty,
    z.object({ connections: z.array(connectionSchema) })
  ),
  'demo.remove': method(
    'Remove the demo connections, their data and stop the sandbox.',
    empty,
    z.object({ removed: z.number().int() })
  ),
  'demo.status': method(
    'Whether the demo workspace is running, and where.',
    empty,
    z.object({ running: z.boolean(), baseUrl: z.string().nullable() })
  )
}
