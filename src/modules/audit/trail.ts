/** What one request read or wrote of personal data: the content of its audit event. */
export class AuditTrail {
  /** `Type.field` names of grant-controlled fields read or written. */
  readonly fields = new Set<string>();
  /** Ids of the residents whose personal fields were read or written. */
  readonly residents = new Set<number>();
  /**
   * The event is already in the trail: the compiled read path's statement inserted it with the
   * read (src/compiled/execute.ts), so the audit plugin appends nothing more.
   */
  recorded = false;

  touch(typeName: string, fieldName: string, residentId?: number): void {
    this.fields.add(`${typeName}.${fieldName}`);
    if (residentId !== undefined) this.residents.add(residentId);
  }

  /** The same for a field read about several residents (or none named: the field alone). */
  touchAll(typeName: string, fieldName: string, residentIds: readonly number[]): void {
    this.fields.add(`${typeName}.${fieldName}`);
    for (const id of residentIds) this.residents.add(id);
  }

  get touched(): boolean {
    return this.fields.size > 0;
  }
}
