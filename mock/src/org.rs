//! The mock organization: users, groups, roles, records and who each record is shared with.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use zoho_share_records::runtime::chrono::{DateTime, Duration, FixedOffset, TimeZone};

use zoho_share_records::{ApiVersion, Permission, ShareeType};

/// A CRM user of the mock organization.
#[derive(Clone, Debug)]
pub(super) struct User {
    pub name: String,
    pub zuid: u64,
    /// Inactive or unconfirmed users cannot be shared with.
    pub active: bool,
}

/// One share of a record, as the server keeps it.
#[derive(Clone, Debug)]
pub(super) struct Share {
    /// The user, group or role; `None` for a public share.
    pub sharee: Option<(u64, ShareeType)>,
    pub permission: Permission,
    pub related: bool,
    /// The request that created it: later requests sort first.
    pub batch: u64,
    pub time: DateTime<FixedOffset>,
    pub shared_by: u64,
}

/// A record and its shares.
#[derive(Clone, Debug)]
pub(super) struct Record {
    pub name: String,
    pub owner: u64,
    pub shares: Vec<Share>,
    /// Set while a share or revoke "runs": requests meanwhile get `Scheduler is running`.
    pub scheduler_running: bool,
}

/// Everything the server knows about the organization.
#[derive(Debug)]
pub(super) struct Org {
    pub users: BTreeMap<u64, User>,
    pub groups: BTreeMap<u64, String>,
    pub roles: BTreeMap<u64, String>,
    /// Records by module API name (as registered) and ID.
    pub records: BTreeMap<(String, u64), Record>,
    /// Module API names and IDs (for `shared_through.module`).
    pub modules: BTreeMap<String, u64>,
    /// Custom modules that are linking modules: the scope check refuses them.
    pub linking_modules: Vec<String>,
    /// Modules the API does not support, besides the documented ones.
    pub unsupported_modules: Vec<String>,
    /// Whether Feeds is enabled: without it, notifying sharees is not allowed.
    pub feeds_enabled: bool,
    batches: u64,
    clock: DateTime<FixedOffset>,
}

impl Org {
    /// An organization with nothing in it; its clock starts at 2024-01-01 10:00 IST.
    pub fn empty() -> Org {
        let ist = FixedOffset::east_opt(5 * 3600 + 1800).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
        let clock = ist.with_ymd_and_hms(2024, 1, 1, 10, 0, 0).single().expect("a valid date");
        Org {
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            roles: BTreeMap::new(),
            records: BTreeMap::new(),
            modules: BTreeMap::new(),
            linking_modules: Vec::new(),
            unsupported_modules: Vec::new(),
            feeds_enabled: true,
            batches: 0,
            clock,
        }
    }

    /// A new batch number and time for the shares of one request.
    pub fn next_batch(&mut self) -> (u64, DateTime<FixedOffset>) {
        self.batches += 1;
        self.clock += Duration::minutes(1);
        (self.batches, self.clock)
    }

    /// The registered spelling of a module name, compared without regard to case.
    pub fn module_name(&self, api_name: &str) -> Option<&str> {
        self.modules.keys().find(|name| name.eq_ignore_ascii_case(api_name)).map(String::as_str)
    }

    /// Whether a principal of this type exists.
    pub fn principal_exists(&self, id: u64, kind: &ShareeType) -> bool {
        match kind {
            ShareeType::Users => self.users.contains_key(&id),
            ShareeType::Groups => self.groups.contains_key(&id),
            ShareeType::Roles => self.roles.contains_key(&id),
            _ => false,
        }
    }

    fn principal_name(&self, id: u64, kind: &ShareeType) -> Option<&str> {
        match kind {
            ShareeType::Users => self.users.get(&id).map(|user| user.name.as_str()),
            ShareeType::Groups => self.groups.get(&id).map(String::as_str),
            ShareeType::Roles => self.roles.get(&id).map(String::as_str),
            _ => None,
        }
    }

    /// The answer to GET: the record's shares in Zoho's order, as `version` writes them.
    pub fn share_details(
        &self,
        module: &str,
        record_id: u64,
        shared_to: Option<u64>,
        version: ApiVersion,
    ) -> Vec<Value> {
        let Some(record) = self.records.get(&(module.to_owned(), record_id)) else { return Vec::new() };
        let mut shares: Vec<&Share> = record
            .shares
            .iter()
            .filter(|share| shared_to.is_none_or(|user| share.sharee.as_ref().is_some_and(|(id, _)| *id == user)))
            .collect();
        shares.sort_by(|a, b| {
            b.batch
                .cmp(&a.batch)
                .then(a.related.cmp(&b.related))
                .then(permission_rank(&a.permission).cmp(&permission_rank(&b.permission)))
                .then(a.time.cmp(&b.time))
        });
        shares.into_iter().map(|share| self.share_json(module, record_id, record, share, version)).collect()
    }

    fn share_json(&self, module: &str, record_id: u64, record: &Record, share: &Share, version: ApiVersion) -> Value {
        let legacy = version < ApiVersion::V3;
        let name_key = name_key(version);
        let module_id = self.modules.get(module).copied().unwrap_or_default();
        let mut shared_through =
            json!({"module": {"name": module, "id": module_id.to_string()}, "id": record_id.to_string()});
        shared_through[if legacy { "entity_name" } else { "name" }] = json!(record.name);
        let sharer = self.users.get(&share.shared_by);
        let mut shared_by = json!({"id": share.shared_by.to_string()});
        if let Some(sharer) = sharer {
            shared_by[name_key] = json!(sharer.name);
            shared_by["zuid"] = json!(sharer.zuid.to_string());
        }
        let mut detail = json!({
            "share_related_records": share.related,
            "shared_through": shared_through,
            "shared_time": share.time.to_rfc3339(),
            "permission": share.permission.as_str(),
            "shared_by": shared_by,
        });
        if let Some((id, kind)) = &share.sharee {
            let mut sharee = json!({"id": id.to_string()});
            if let Some(name) = self.principal_name(*id, kind) {
                sharee[name_key] = json!(name);
            }
            if let (ShareeType::Users, Some(user)) = (kind, self.users.get(id)) {
                sharee["zuid"] = json!(user.zuid.to_string());
            }
            if legacy {
                detail["user"] = sharee;
            } else {
                sharee["type"] = json!(kind.as_str());
                detail["shared_with"] = sharee;
            }
        }
        if !legacy {
            detail["type"] = json!(if share.sharee.is_some() { "private" } else { "public" });
        }
        detail
    }

    /// The users a record could still be shared with (`view=manage`).
    pub fn shareable_users(&self, record: &Record, version: ApiVersion) -> Vec<Value> {
        let name_key = name_key(version);
        let shared =
            |id: u64| record.shares.iter().any(|share| share.sharee.as_ref().is_some_and(|(user, _)| *user == id));
        self.users
            .iter()
            .filter(|(id, user)| user.active && **id != record.owner && !shared(**id))
            .map(|(id, user)| json!({"id": id.to_string(), name_key: user.name, "zuid": user.zuid.to_string()}))
            .collect()
    }
}

/// The key of a person's name: `full_name` before v3, `name` since.
fn name_key(version: ApiVersion) -> &'static str {
    if version < ApiVersion::V3 { "full_name" } else { "name" }
}

/// Zoho's order of permissions in GET answers: full access, read-write, read-only.
fn permission_rank(permission: &Permission) -> u8 {
    match permission {
        Permission::FullAccess => 0,
        Permission::ReadWrite => 1,
        Permission::ReadOnly => 2,
        _ => 3,
    }
}
