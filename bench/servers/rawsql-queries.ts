/**
 * The raw-SQL baseline: per scenario the one statement a careful hand-written service would send,
 * with PostgreSQL building the JSON answer (so Node only passes text through). This is the floor
 * any GraphQL layer over the same database sits above.
 */
export const pageSql = `SELECT coalesce(json_agg(json_build_object(
    'id', r.id, 'name', r.name, 'idNumber', r.id_number, 'phone', r.phone, 'birthDate', r.birth_date,
    'gender', r.gender, 'status', r.status,
    'household', (SELECT json_build_object('address', h.address, 'members',
        (SELECT coalesce(json_agg(json_build_object('name', m.name) ORDER BY m.relation_to_head, m.id), '[]')
           FROM resident m WHERE m.household_id = h.id))
      FROM household h WHERE h.id = r.household_id),
    'community', (SELECT json_build_object('name', c.name) FROM community c WHERE c.id = r.community_id),
    'tags', (SELECT coalesce(json_agg(json_build_object('code', t.code) ORDER BY t.id), '[]')
      FROM resident_tag rt JOIN tag t ON t.id = rt.tag_id WHERE rt.resident_id = r.id)
  ) ORDER BY r.id), '[]')::text AS json
  FROM (SELECT * FROM resident ORDER BY id LIMIT $1) r`;

export const residentSql = `SELECT json_build_object(
    'id', r.id, 'name', r.name, 'idNumber', r.id_number, 'phone', r.phone, 'birthDate', r.birth_date,
    'gender', r.gender, 'status', r.status,
    'community', (SELECT json_build_object('name', c.name) FROM community c WHERE c.id = r.community_id),
    'serviceRecords', (SELECT coalesce(json_agg(json_build_object('kind', s.kind, 'occurredAt', s.occurred_at,
        'notes', s.notes, 'recordedBy', s.recorded_by) ORDER BY s.occurred_at DESC, s.id DESC), '[]')
      FROM (SELECT * FROM service_record WHERE resident_id = r.id ORDER BY occurred_at DESC, id DESC LIMIT 20) s)
  )::text AS json
  FROM resident r WHERE r.id = $1`;

/** The same age bands as OneTable's report ($1…$5: latest birth dates of ages 18, 35, 60, 70, 80). */
export const reportSql = `SELECT coalesce(json_agg(json_build_array(c.name, x.band, x.n) ORDER BY c.id, x.band), '[]')::text AS json
  FROM (SELECT community_id,
          CASE WHEN birth_date > $1::date THEN '0-17' WHEN birth_date > $2::date THEN '18-34'
               WHEN birth_date > $3::date THEN '35-59' WHEN birth_date > $4::date THEN '60-69'
               WHEN birth_date > $5::date THEN '70-79' ELSE '80+' END AS band,
          count(*)::int AS n
        FROM resident GROUP BY 1, 2) x
  JOIN community c ON c.id = x.community_id`;
