import { builder } from '../../builder.js';

export const CommunityKind = builder.enumType('CommunityKind', {
  description:
    "Whether a community is an urban residents' committee (居委会) or a village (村委会).",
  values: {
    RESIDENTIAL: { description: "居委会 urban residents' committee" },
    VILLAGE: { description: '村委会 village committee' },
  } as const,
});

export const SubdistrictKind = builder.enumType('SubdistrictKind', {
  description: 'Whether a subdistrict is a street office (街道) or a town (镇).',
  values: {
    STREET: { description: '街道 street office' },
    TOWN: { description: '镇 town' },
  } as const,
});

builder.prismaNode('District', {
  description: '区 District: a city district.',
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Administrative division code, e.g. 310106' }),
    name: t.exposeString('name', { description: 'Name, e.g. 静安区' }),
    subdistricts: t.relation('subdistricts', {
      description: 'The streets and towns of the district',
      query: { orderBy: { code: 'asc' } },
    }),
  }),
});

builder.prismaNode('Subdistrict', {
  description: '街道/镇 Subdistrict: a street office or town that owns functional sections.',
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Administrative division code' }),
    name: t.exposeString('name', { description: 'Name, e.g. 石门二路街道' }),
    kind: t.expose('kind', { type: SubdistrictKind, description: 'Street or town' }),
    district: t.relation('district', { description: 'The district it belongs to' }),
    communities: t.relation('communities', {
      description: 'Its communities (居委会/村委会) within your jurisdiction',
      query: { orderBy: { code: 'asc' } },
    }),
  }),
});

export const CommunityNode = builder.prismaNode('Community', {
  description: "居委会/村委会 Community: a residents' or village committee and its area.",
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Committee code' }),
    name: t.exposeString('name', { description: 'Name, e.g. 华山居委会' }),
    kind: t.expose('kind', { type: CommunityKind, description: 'Residential or village' }),
    subdistrict: t.relation('subdistrict', { description: 'The street or town it belongs to' }),
    households: t.relatedConnection('households', {
      description: 'Households registered in this community',
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { id: 'asc' } },
    }),
    residents: t.relatedConnection('residents', {
      description: 'Residents living in this community',
      cursor: 'id',
      totalCount: true,
      query: { orderBy: { id: 'asc' } },
    }),
  }),
});
