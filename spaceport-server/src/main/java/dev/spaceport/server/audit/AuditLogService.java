package dev.spaceport.server.audit;

import dev.spaceport.api.AuditLogEntry;
import dev.spaceport.api.AuditLogList;
import dev.spaceport.server.access.Access;
import dev.spaceport.server.access.Caller;
import dev.spaceport.server.paging.Cursors;
import dev.spaceport.server.paging.Page;
import dev.spaceport.server.paging.PageRequest;
import dev.spaceport.server.store.Database;

/**
 * Reading the audit log: account admins read every record; organization admins read the records
 * of the organizations they administer (and nothing account-level, such as users, roles or keys);
 * everyone else gets a 403.
 */
public final class AuditLogService {

  private final Database db;
  private final Access access;
  private final Cursors cursors;
  private final AuditLogStore store = new AuditLogStore();

  public AuditLogService(Database db, Access access, Cursors cursors) {
    this.db = db;
    this.access = access;
    this.cursors = cursors;
  }

  AuditLogList list(Caller caller, AuditLogFilter filter, PageRequest page) {
    Page<AuditLogEntry> result = db.read(tx -> {
      Long adminOf = access.auditLogReader(tx, caller).orElse(null);
      return Page.of(store.list(tx, filter, adminOf, page), page, AuditLogStore.Row::sortKey,
          cursors).map(AuditLogStore.Row::entry);
    });
    return new AuditLogList(result.items(), result.pagination());
  }
}
