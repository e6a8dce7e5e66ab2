import { describe, expect, it } from 'vitest'
import { demoHelpCenter, getAs, signIn } from './help-center'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { organizationSchema, profileSchema, type Organization } from '../../../shared/schemas/account'

const ALL_ORGANIZATIONS = ['org-sakura', 'org-northwind', 'org-helix', 'org-pebble', 'org-kumo']

function summary(organization: Organization) {
  const { id, supportPlan: plan, role, clusters } = organization
  return { id, plan, role, clusters: clusters.length }
}

describe('whose organizations a token opens', () => {
  it('gives a customer the organizations they belong to, with plan, role and clusters', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const profile = profileSchema.parse((await getAs(app, accessToken, '/api/v1/me')).json())
    expect(profile.organizations.map(summary)).toEqual([
      { id: 'org-pebble', plan: 'basic', role: 'owner', clusters: 2 },
      { id: 'org-sakura', plan: 'enterprise', role: 'owner', clusters: 3 },
    ])
    const sakura = profile.organizations.find((organization) => organization.id === 'org-sakura')!
    expect(Number.isNaN(Date.parse(sakura.supportPlanSince))).toBe(false)
    expect(sakura.clusters).toContainEqual({
      id: 'cl-payments-prod',
      organizationId: 'org-sakura',
      name: 'payments-prod',
      tier: 'dedicated',
      cloudProvider: 'aws',
      region: 'ap-northeast-1',
      tidbVersion: 'v8.5.1',
    })

    const member = await signIn(app, DEMO_ACCOUNTS.member)
    const memberProfile = profileSchema.parse((await getAs(app, member.accessToken, '/api/v1/me')).json())
    expect(memberProfile.organizations.map(summary)).toEqual([
      { id: 'org-northwind', plan: 'developer', role: 'member', clusters: 2 },
    ])
  })

  it('answers 404, as for a missing one, when a customer asks for another customer’s organization', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)

    const own = await getAs(app, accessToken, '/api/v1/organizations/org-sakura')
    expect(own.statusCode).toBe(200)
    expect(summary(organizationSchema.parse(own.json()))).toEqual({
      id: 'org-sakura',
      plan: 'enterprise',
      role: 'owner',
      clusters: 3,
    })
    const ownClusters = await getAs(app, accessToken, '/api/v1/organizations/org-sakura/clusters')
    expect(ownClusters.json().clusters.map((cluster: { id: string }) => cluster.id)).toEqual([
      'cl-fraud-sandbox',
      'cl-ledger-analytics',
      'cl-payments-prod',
    ])

    const missing = await getAs(app, accessToken, '/api/v1/organizations/org-does-not-exist')
    for (const url of ['/api/v1/organizations/org-northwind', '/api/v1/organizations/org-northwind/clusters']) {
      const response = await getAs(app, accessToken, url)
      expect(response.statusCode, url).toBe(404)
      expect(response.json(), url).toEqual(missing.json())
      expect(response.body, url).not.toContain('Northwind')
      expect(response.body, url).not.toContain('leaderboard')
    }
    expect(missing.json().code).toBe('not_found')
  })

  it('lets a TAM see assigned organizations only, as tam', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.tam)
    const profile = profileSchema.parse((await getAs(app, accessToken, '/api/v1/me')).json())
    expect(profile.user.role).toBe('tam')
    expect(profile.organizations.map(summary)).toEqual([
      { id: 'org-helix', plan: 'premium', role: 'tam', clusters: 3 },
      { id: 'org-kumo', plan: 'premium', role: 'tam', clusters: 2 },
    ])

    const helix = await getAs(app, accessToken, '/api/v1/organizations/org-helix')
    expect(helix.statusCode).toBe(200)
    expect(helix.json().role).toBe('tam')
    expect((await getAs(app, accessToken, '/api/v1/organizations/org-helix/clusters')).json().clusters).toHaveLength(3)
    expect((await getAs(app, accessToken, '/api/v1/organizations/org-northwind')).statusCode).toBe(404)
    expect((await getAs(app, accessToken, '/api/v1/organizations/org-northwind/clusters')).statusCode).toBe(404)
  })

  it('lets engineers and admins open every organization, with none listed as theirs in the profile', async () => {
    const { app } = await demoHelpCenter()
    for (const account of [DEMO_ACCOUNTS.engineer, DEMO_ACCOUNTS.admin]) {
      const { accessToken, user } = await signIn(app, account)
      const profile = profileSchema.parse((await getAs(app, accessToken, '/api/v1/me')).json())
      expect(profile.organizations).toEqual([])
      for (const id of ALL_ORGANIZATIONS) {
        const response = await getAs(app, accessToken, `/api/v1/organizations/${id}`)
        expect(response.statusCode, `${user.role} ${id}`).toBe(200)
        expect(organizationSchema.parse(response.json()).id).toBe(id)
        expect((await getAs(app, accessToken, `/api/v1/organizations/${id}/clusters`)).statusCode).toBe(200)
      }
      expect((await getAs(app, accessToken, '/api/v1/organizations/org-does-not-exist')).statusCode).toBe(404)
    }
  })

  it('asks for a token before saying anything about an organization', async () => {
    const { app } = await demoHelpCenter()
    const response = await app.inject({ method: 'GET', url: '/api/v1/organizations/org-sakura' })
    expect(response.statusCode).toBe(401)
    expect(response.json().code).toBe('unauthorized')
  })
})
