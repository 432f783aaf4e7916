import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../src/main/providers/connector'
import { fitNotes, readNotes } from '../../src/main/providers/chatbot-com/lead-attributes'
import { mapUser } from '../../src/main/providers/chatbot-com/mapping'
import { userListSchema } from '../../src/main/providers/chatbot-com/schemas'
import { assertWritable, patchToAttributes } from '../../src/main/providers/chatbot-com/write-attributes'

const DOC_USER = {
  id: '5b7ff8476fcccc33c9249a8a',
  userId: '0735887f-6ba5-cccc-908e-6c84d093f317',
  banned: false,
  attributes: {
    default_email: 'joe@doe.com',
    default_name: 'Joe',
    default_url: 'https://example.com/pricing',
    default_avatar: null,
    default_language: null,
    default_timezone: null,
    default_gender: 'male',
    default_ip: null,
    default_city: 'Kraków',
    default_region: null,
    default_country: 'Poland',
    default_referrer: null,
    default_username: null,
    phone: '+48 600 100 200',
    lead_status: 'REVIEW',
    lead_tags: 'hot, vip,,  webinar ',
    lead_notes: JSON.stringify([{ title: 'Call', description: 'Asked for a demo' }]),
    lead_agent: 'agent-1@example.com',
    plan: 'pro',
    seats: 12
  },
  conversations: 0,
  createdAt: '2019-01-23 13:32:30.163Z',
  lastSeen: '2019-01-23T13:32:30.163Z'
}

function user(attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const page = userListSchema.parse({ data: [{ ...DOC_USER, ...extra, attributes }], count: 1 })
  return mapUser(page.data[0]!)
}

describe('ChatBot.com User → NormalizedLead', () => {
  it('maps default and lead attributes, custom keys to attributes, the space date form', () => {
    const lead = user(DOC_USER.attributes)
    expect(lead).toMatchObject({
      remoteId: '5b7ff8476fcccc33c9249a8a',
      kind: 'lead',
      name: 'Joe',
      email: 'joe@doe.com',
      phone: '600 100 200',
      phonePrefix: '48',
      status: 'REVIEW',
      agent: 'agent-1@example.com',
      picture: null,
      city: 'Kraków',
      country: 'Poland',
      gender: 'male',
      tags: ['hot', 'vip', 'webinar'],
      notes: [{ title: 'Call', description: 'Asked for a demo' }],
      attributes: [
        { key: 'plan', value: 'pro' },
        { key: 'seats', value: '12' }
      ],
      createdAt: '2019-01-23T13:32:30.163Z',
      updatedAt: null
    })
    expect(lead.raw).toEqual({ ...DOC_USER })
  })

  it('reads the T date form too', () => {
    expect(user({}, { createdAt: '2018-01-19T11:55:07.552Z' }).createdAt).toBe('2018-01-19T11:55:07.552Z')
  })

  it('reads a user with no attributes, or null ones, as empty fields', () => {
    const lead = user({ default_name: null, lead_tags: null, lead_notes: null })
    expect(lead).toMatchObject({
      name: null,
      email: null,
      phone: null,
      phonePrefix: null,
      tags: [],
      notes: [],
      attributes: []
    })
    const page = userListSchema.parse({ data: [{ id: 'abc' }], count: 1 })
    expect(mapUser(page.data[0]!)).toMatchObject({ remoteId: 'abc', name: null, createdAt: null })
  })

  it('keeps notes typed by hand (not JSON) as one note', () => {
    expect(readNotes('call back after lunch')).toEqual([{ title: '', description: 'call back after lunch' }])
    expect(readNotes('{"title":"x"}')).toEqual([{ title: '', description: '{"title":"x"}' }])
    expect(readNotes('[{"title":"a"},7,null]')).toEqual([{ title: 'a', description: '' }])
  })

  it('a phone without a dial code is all number', () => {
    expect(user({ phone: '600100200' })).toMatchObject({ phone: '600100200', phonePrefix: null })
  })

  it('reads the cleared placeholder as empty', () => {
    expect(user({ default_name: '-', lead_tags: '-', lead_notes: '[]', lead_agent: '-', phone: '-' })).toMatchObject({
      name: null,
      tags: [],
      notes: [],
      agent: null,
      phone: null
    })
  })

  it('keeps unicode and formula-looking values verbatim', () => {
    const lead = user({
      default_name: '=HYPERLINK("http://x","y")',
      default_city: '東京',
      plan: '@SUM(A1)',
      lead_tags: '🔥,+1 555'
    })
    expect(lead).toMatchObject({ name: '=HYPERLINK("http://x","y")', city: '東京', tags: ['🔥', '+1 555'] })
    expect(lead.attributes).toEqual([{ key: 'plan', value: '@SUM(A1)' }])
  })

  it('refuses an envelope without data or count', () => {
    expect(userListSchema.safeParse({ data: [] }).success).toBe(false)
    expect(userListSchema.safeParse({ count: 0 }).success).toBe(false)
    expect(userListSchema.safeParse({ data: [{ attributes: {} }], count: 1 }).success).toBe(false)
  })
})

describe('lead patch → ChatBot.com attributes', () => {
  it('writes only the patched fields under their attribute names', () => {
    expect(patchToAttributes({ status: 'CLOSED' }, DOC_USER)).toEqual({
      attributes: { lead_status: 'CLOSED' },
      warning: null
    })
    const { attributes } = patchToAttributes(
      {
        name: 'Jo',
        email: 'jo@x.io',
        agent: 'a@x.io',
        tags: ['hot', 'vip'],
        notes: [{ title: 't', description: 'd' }]
      },
      DOC_USER
    )
    expect(attributes).toEqual({
      default_name: 'Jo',
      default_email: 'jo@x.io',
      lead_agent: 'a@x.io',
      lead_tags: 'hot,vip',
      lead_notes: '[{"title":"t","description":"d"}]'
    })
  })

  it('combines number and dial code in the one phone attribute, keeping the part not edited', () => {
    expect(patchToAttributes({ phone: '601 000 000' }, DOC_USER).attributes).toEqual({ phone: '+48 601 000 000' })
    expect(patchToAttributes({ phonePrefix: '+49' }, DOC_USER).attributes).toEqual({ phone: '+49 600 100 200' })
    expect(patchToAttributes({ phone: '+1 555 0100' }, DOC_USER).attributes).toEqual({ phone: '+1 555 0100' })
    expect(patchToAttributes({ phone: '555' }, null).attributes).toEqual({ phone: '555' })
  })

  it('clears with the placeholder, never with an empty string', () => {
    const { attributes } = patchToAttributes(
      { name: '', email: ' ', agent: null, tags: [], notes: [], phone: '' },
      DOC_USER
    )
    expect(attributes).toEqual({
      default_name: '-',
      default_email: '-',
      lead_agent: '-',
      lead_tags: '-',
      lead_notes: '[]',
      phone: '-'
    })
    expect(() => assertWritable(attributes)).not.toThrow()
  })

  it('reads back what it writes', () => {
    const patch = {
      name: 'Ωμέγα',
      phone: '600 100 201',
      phonePrefix: '48',
      tags: ['a', 'b c'],
      notes: [
        { title: 'x', description: 'y "quoted"' },
        { title: '', description: 'second' }
      ],
      agent: null
    }
    const written = patchToAttributes(patch, DOC_USER).attributes
    const lead = user({ ...DOC_USER.attributes, ...written })
    expect(lead).toMatchObject({
      name: patch.name,
      phone: patch.phone,
      phonePrefix: '48',
      tags: patch.tags,
      notes: patch.notes,
      agent: null
    })
  })

  it('warns that a tag with a comma will split', () => {
    expect(patchToAttributes({ tags: ['a,b'] }, null).warning).toMatch(/comma/)
  })

  it('cuts long tag lists to 1024 characters with a warning', () => {
    const tags = Array.from({ length: 200 }, (_, index) => `tag-number-${index}`)
    const { attributes, warning } = patchToAttributes({ tags }, null)
    expect(attributes.lead_tags!.length).toBeLessThanOrEqual(1024)
    expect(warning).toMatch(/of 200 kept/)
  })
})

describe('lead_notes cut to 1024 characters', () => {
  it('leaves notes that fit untouched', () => {
    expect(fitNotes([{ title: 'a', description: 'b' }])).toEqual({
      text: '[{"title":"a","description":"b"}]',
      warning: null
    })
  })

  it('keeps whole notes while they fit, shortens the next, drops the rest, and says so', () => {
    const notes = [
      { title: 'first', description: 'x'.repeat(400) },
      { title: 'second', description: 'y'.repeat(400) },
      { title: 'third', description: 'z'.repeat(400) },
      { title: 'fourth', description: 'w' }
    ]
    const { text, warning } = fitNotes(notes)
    expect(text.length).toBeLessThanOrEqual(1024)
    expect(text.length).toBeGreaterThan(1000)
    const back = JSON.parse(text) as { title: string; description: string }[]
    expect(back.slice(0, 2)).toEqual(notes.slice(0, 2))
    expect(back[2]?.title).toBe('third')
    expect(back[2]?.description.length).toBeLessThan(400)
    expect(back).toHaveLength(3)
    expect(warning).toBe(
      "Notes were cut to fit ChatBot.com's 1024 characters: 3 of 4 notes kept, the last one shortened."
    )
  })

  it('counts escaped characters and never splits an emoji', () => {
    const notes = [{ title: 'q', description: '"\\'.repeat(300) + '🦊'.repeat(300) }]
    const { text } = fitNotes(notes)
    expect(text.length).toBeLessThanOrEqual(1024)
    const back = JSON.parse(text) as { description: string }[]
    expect(back[0]?.description).not.toMatch(/[\ud800-\udbff]$/)
    expect(readNotes(text)).toHaveLength(1)
  })

  it('goes through the push mapping with a warning', () => {
    const notes = Array.from({ length: 30 }, (_, index) => ({
      title: `note ${index}`,
      description: 'a fairly long description of a call'
    }))
    const { attributes, warning } = patchToAttributes({ notes }, null)
    expect(attributes.lead_notes!.length).toBeLessThanOrEqual(1024)
    expect(warning).toMatch(/^Notes were cut/)
  })
})

describe('assertWritable', () => {
  const refuses = (attributes: Record<string, string>, pattern: RegExp) => {
    let caught: unknown
    try {
      assertWritable(attributes)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ProviderError)
    expect((caught as ProviderError).kind).toBe('bad-request')
    expect((caught as ProviderError).message).toMatch(pattern)
  }

  it('refuses what ChatBot.com would refuse', () => {
    refuses({}, /1\.\.99 attributes/)
    refuses(Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`k${index}`, 'v'])), /not 100/)
    refuses({ 'bad key': 'v' }, /attribute name/)
    refuses({ ['k'.repeat(129)]: 'v' }, /attribute name/)
    refuses({ plan: '' }, /1\.\.1024 characters in plan, not 0/)
    refuses({ plan: 'x'.repeat(1025) }, /not 1025/)
    refuses({ default_name: 'x'.repeat(257) }, /1\.\.256 characters in default_name/)
  })

  it('accepts the limits themselves', () => {
    expect(() =>
      assertWritable({ default_name: 'x'.repeat(256), plan: 'y'.repeat(1024), 'k-_9': 'v', ['k'.repeat(128)]: 'v' })
    ).not.toThrow()
  })
})

describe('ChatBot.com custom attributes edited in the app (issue 10)', () => {
  it('sets each one, clears the ones removed, and never writes the app’s own keys', () => {
    const raw = DOC_USER
    expect(
      patchToAttributes(
        {
          attributes: [
            { key: 'plan', value: 'enterprise' },
            { key: 'budget', value: '' }
          ]
        },
        raw
      ).attributes
    ).toEqual({ plan: 'enterprise', budget: '-', seats: '-' })
    const own = patchToAttributes(
      {
        attributes: [
          { key: 'lead_status', value: 'x' },
          { key: 'default_name', value: 'x' },
          { key: 'plan', value: 'pro' },
          { key: 'seats', value: '12' }
        ]
      },
      raw
    ).attributes
    expect(own).toEqual({ plan: 'pro', seats: '12' })
  })

  it('reads a cleared custom attribute back as absent', () => {
    expect(user({ ...DOC_USER.attributes, seats: '-' }).attributes).toEqual([{ key: 'plan', value: 'pro' }])
  })
})
