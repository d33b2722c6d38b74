//! The Share Records API as the mock serves it: routing, authentication, the checks Zoho
//! makes in the order it makes them, and the four operations.
//!
//! What the spec says is read from the generated client rather than restated: each
//! operation's method and path (`Operation::METHOD`, `Operation::PATH`, under
//! `API.base_path`), the authentication scheme (`API`), the scopes and operation types of
//! each operation, the documented error rows and the keys of an error object
//! (`FromErrorBody::FORMAT`), the sharing limits and the rule that a public share stands
//! alone (`LIST_RULES`), and the key each version writes a sharee under (the model's own
//! `to_wire`). What stays here is Zoho's behaviour: the organization's state and the order
//! of its checks.

use serde_json::{Value, json};

use super::org::{Org, Record, Share};
use super::{Issued, Reply, State};
use zoho_share_records::runtime::http::Method;
use zoho_share_records::runtime::{FromErrorBody, ListRule, ScopeRequirement, ToWire, match_path};
use zoho_share_records::runtime::{form_decode, form_pairs};
use zoho_share_records::{
    API, ApiError, ApiVersion, COMMON_ERRORS, DocumentedError, ErrorKind, GetSharedRecordDetails, Module, ModuleError,
    Operation, OperationType, Permission, RevokeSharedRecord, ShareItem, ShareRecord, ShareRecordBody, Sharee,
    ShareeType, UpdateShareBody, UpdateSharePermissions, View,
};

/// The operations, as the server tells them apart by method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Get,
    Share,
    Update,
    Revoke,
}

impl Op {
    const ALL: [Op; 4] = [Op::Get, Op::Share, Op::Update, Op::Revoke];

    /// The operation's method and path, as the generated client has them.
    fn route(self) -> (Method, &'static str) {
        match self {
            Op::Get => (GetSharedRecordDetails::METHOD, GetSharedRecordDetails::PATH),
            Op::Share => (ShareRecord::METHOD, ShareRecord::PATH),
            Op::Update => (UpdateSharePermissions::METHOD, UpdateSharePermissions::PATH),
            Op::Revoke => (RevokeSharedRecord::METHOD, RevokeSharedRecord::PATH),
        }
    }

    fn from_method(method: &Method) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.route().0 == *method)
    }

    fn documented(self) -> &'static [DocumentedError] {
        match self {
            Op::Get => GetSharedRecordDetails::DOCUMENTED_ERRORS,
            Op::Share => ShareRecord::DOCUMENTED_ERRORS,
            Op::Update => UpdateSharePermissions::DOCUMENTED_ERRORS,
            Op::Revoke => RevokeSharedRecord::DOCUMENTED_ERRORS,
        }
    }

    /// The privilege the operation needs: the first of its scopes' operation types (the
    /// others, such as `ALL`, include it).
    fn operation_type(self) -> Option<OperationType> {
        let types = match self {
            Op::Get => GetSharedRecordDetails::OPERATION_TYPES,
            Op::Share => ShareRecord::OPERATION_TYPES,
            Op::Update => UpdateSharePermissions::OPERATION_TYPES,
            Op::Revoke => RevokeSharedRecord::OPERATION_TYPES,
        };
        types.first().copied()
    }

    /// The rules on the body's `share` list, as the spec states them.
    fn share_rule(self) -> Option<&'static ListRule> {
        let rules = match self {
            Op::Share => ShareRecordBody::LIST_RULES,
            Op::Update => UpdateShareBody::LIST_RULES,
            Op::Get | Op::Revoke => &[],
        };
        rules.iter().find(|rule| rule.field == "share")
    }

    /// The scopes that allow the operation on `module`, as the spec says.
    fn scopes_for(self, module: &Module) -> ScopeRequirement {
        match self {
            Op::Get => GetSharedRecordDetails::scopes_for(module),
            Op::Share => ShareRecord::scopes_for(module),
            Op::Update => UpdateSharePermissions::scopes_for(module),
            Op::Revoke => RevokeSharedRecord::scopes_for(module),
        }
    }
}

/// The documented row of `kind` for `op`; rows of other operations, then the common
/// rows, stand in when the operation's own list lacks it.
fn row(op: Op, kind: ErrorKind) -> &'static DocumentedError {
    row_with(op, kind, |_| true)
}

fn row_with(op: Op, kind: ErrorKind, accept: impl Fn(&DocumentedError) -> bool) -> &'static DocumentedError {
    let everywhere = [Op::Get, Op::Share, Op::Update, Op::Revoke].into_iter().flat_map(Op::documented);
    op.documented()
        .iter()
        .chain(everywhere)
        .chain(COMMON_ERRORS)
        .find(|row| row.kind == kind && accept(row))
        .or_else(|| op.documented().iter().chain(COMMON_ERRORS).find(|row| row.kind == kind))
        .unwrap_or(&COMMON_ERRORS[0])
}

/// The JSON of a documented error, with the keys of the spec's error format.
fn error_json(row: &DocumentedError, details: Value) -> Value {
    <ApiError as FromErrorBody>::FORMAT.to_json(row.code, row.message, details)
}

/// A whole-request error with the row's status.
fn error_reply(row: &DocumentedError, details: Value) -> Reply {
    Reply::json(row.status, &error_json(row, details))
}

/// The documented error `kind` of the operation `method` names (GET's when none).
pub(super) fn documented_reply(method: &Method, kind: ErrorKind, status: Option<u16>) -> Reply {
    let row = row(Op::from_method(method).unwrap_or(Op::Get), kind);
    Reply::json(status.unwrap_or(row.status), &error_json(row, json!({})))
}

/// The parts of a request the API reads.
pub(super) struct ApiRequest<'a> {
    pub method: &'a Method,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub authorization: Option<&'a str>,
    pub body: &'a [u8],
}

/// Where a request is going, once its URL is understood.
struct Target {
    op: Op,
    version: ApiVersion,
    module: String,
    record_id: u64,
}

/// Answers one request to the API (any path that is not the OAuth endpoint).
pub(super) fn handle(state: &mut State, request: &ApiRequest<'_>) -> Reply {
    match target(state, request) {
        Ok((target, grant)) => match target.op {
            Op::Get => get(&state.org, &target, request.query),
            Op::Share => share(&mut state.org, &target, &grant, request.body),
            Op::Update => update(&mut state.org, &target, &grant, request.body),
            Op::Revoke => revoke(&mut state.org, &target),
        },
        Err(reply) => reply,
    }
}

/// Everything Zoho checks before an operation runs, in Zoho's order.
fn target(state: &State, request: &ApiRequest<'_>) -> Result<(Target, Issued), Reply> {
    let url_op = Op::from_method(request.method).unwrap_or(Op::Get);
    let bad_url = || error_reply(row(url_op, ErrorKind::InvalidUrlPattern), json!({}));
    // The operations whose path this is; the method then picks one of them.
    let templates = Op::ALL.map(|op| (op, format!("{}{}", API.base_path, op.route().1)));
    let routes: Vec<(Op, Vec<(&str, &str)>)> =
        templates.iter().filter_map(|(op, template)| Some((*op, match_path(template, request.path)?))).collect();
    let Some((_, placeholders)) = routes.first() else { return Err(bad_url()) };
    let placeholder = |name: &str| placeholders.iter().find(|(key, _)| *key == name).map(|(_, value)| *value);
    let version = ApiVersion::parse(placeholder("version").unwrap_or_default()).map_err(|_| bad_url())?;
    let grant = authenticate(state, request.authorization)?;
    let op = routes
        .iter()
        .map(|(op, _)| *op)
        .find(|op| op.route().0 == *request.method)
        .ok_or_else(|| error_reply(row(Op::Get, ErrorKind::InvalidRequestMethod), json!({})))?;
    let module = form_decode(placeholder("module_api_name").unwrap_or_default());
    let module = check_module(&state.org, op, &module, &grant)?;
    let record_id = form_decode(placeholder("record_id").unwrap_or_default());
    let entity_invalid = || error_reply(row(op, ErrorKind::EntityIdInvalid), json!({"resource_path_index": 1}));
    let record_id: u64 = record_id.parse().map_err(|_| entity_invalid())?;
    let record = state.org.records.get(&(module.clone(), record_id)).ok_or_else(entity_invalid)?;
    if grant.grant.hidden_modules.iter().any(|hidden| hidden.eq_ignore_ascii_case(&module)) {
        let permissions = json!({"permissions": [format!("Crm_Implied_View_{module}")]});
        return Err(error_reply(row(op, ErrorKind::NoPermission), permissions));
    }
    if op.operation_type().is_some_and(|needed| grant.grant.denied.contains(&needed)) {
        return Err(error_reply(row(op, ErrorKind::AuthorizationFailed), json!({})));
    }
    if record.scheduler_running {
        let row = row_with(op, ErrorKind::SchedulerRunning, |row| op == Op::Get || row.code == "CANNOT_PROCESS");
        return Err(error_reply(row, json!({})));
    }
    Ok((Target { op, version, module, record_id }, grant))
}

fn authenticate(state: &State, authorization: Option<&str>) -> Result<Issued, Reply> {
    let common = |kind| error_reply(row(Op::Get, kind), json!({}));
    let token =
        authorization.and_then(|value| API.token_in(value)).ok_or_else(|| common(ErrorKind::AuthenticationFailure))?;
    match state.tokens.get(token.trim()) {
        Some(issued) if !issued.is_expired() => Ok(issued.clone()),
        _ => Err(common(ErrorKind::InvalidToken)),
    }
}

/// The module's registered name, after the module and scope checks.
fn check_module(org: &Org, op: Op, api_name: &str, grant: &Issued) -> Result<String, Reply> {
    let scope_mismatch = || error_reply(row(op, ErrorKind::OauthScopeMismatch), json!({}));
    let not_supported = || {
        let kind = if op.documented().iter().any(|row| row.kind == ErrorKind::ModuleNotSupported) {
            ErrorKind::ModuleNotSupported
        } else {
            ErrorKind::InvalidModule
        };
        error_reply(row(op, kind), json!({"api_name": api_name}))
    };
    let module = match Module::parse(api_name) {
        Ok(module) => module,
        // Activities are refused by the scope check; Documents and Projects as unsupported.
        Err(ModuleError::Unsupported { reason, .. }) if reason.contains("activities") => return Err(scope_mismatch()),
        Err(ModuleError::Unsupported { .. }) => return Err(not_supported()),
        Err(_) => return Err(error_reply(row(op, ErrorKind::InvalidModule), json!({"api_name": api_name}))),
    };
    if org.linking_modules.iter().any(|name| name.eq_ignore_ascii_case(api_name)) {
        return Err(scope_mismatch());
    }
    if org.unsupported_modules.iter().any(|name| name.eq_ignore_ascii_case(api_name)) {
        return Err(not_supported());
    }
    let Some(registered) = org.module_name(api_name) else {
        return Err(error_reply(row(op, ErrorKind::InvalidModule), json!({"api_name": api_name})));
    };
    if !op.scopes_for(&module).is_met_by(&grant.grant.scopes) {
        return Err(scope_mismatch());
    }
    Ok(registered.to_owned())
}

/// The target's record. `target` found it under the same lock, so it is there; were it
/// not, an empty record stands in rather than a panic.
fn record<'o>(org: &'o Org, target: &Target) -> std::borrow::Cow<'o, Record> {
    match org.records.get(&(target.module.clone(), target.record_id)) {
        Some(record) => std::borrow::Cow::Borrowed(record),
        None => std::borrow::Cow::Owned(Record {
            name: String::new(),
            owner: 0,
            shares: Vec::new(),
            scheduler_running: false,
        }),
    }
}

fn record_mut<'o>(org: &'o mut Org, target: &Target) -> Option<&'o mut Record> {
    org.records.get_mut(&(target.module.clone(), target.record_id))
}

fn get(org: &Org, target: &Target, query: Option<&str>) -> Reply {
    let mut view = View::Summary;
    let mut shared_to = None;
    for (name, value) in form_pairs(query.unwrap_or_default()) {
        let pattern = || error_reply(row(Op::Get, ErrorKind::PatternNotMatched), json!({"api_name": name}));
        match name.as_str() {
            "view" => match View::try_parse(&value) {
                Ok(parsed) => view = parsed,
                Err(_) => return pattern(),
            },
            "sharedTo" => match value.parse::<u64>() {
                Ok(user) => shared_to = Some(user),
                Err(_) => return pattern(),
            },
            _ => {}
        }
    }
    let shares = org.share_details(&target.module, target.record_id, shared_to, target.version);
    let mut answer = json!({"share": shares});
    if view == View::Manage {
        answer["shareable_user"] = json!(org.shareable_users(&record(org, target), target.version));
    } else if shares_empty(&answer) {
        return Reply::empty(204);
    }
    Reply::json(200, &answer)
}

fn shares_empty(answer: &Value) -> bool {
    answer["share"].as_array().is_none_or(Vec::is_empty)
}

/// One requested share, read from a POST or PUT body.
struct Requested {
    sharee: Option<(u64, ShareeType)>,
    permission: Permission,
    related: bool,
}

/// The body's `share` list, or the whole-request error.
fn share_items(op: Op, body: &[u8]) -> Result<(Value, Vec<Value>), Reply> {
    let body: Value = serde_json::from_slice(body)
        .map_err(|_| error_reply(row(op, ErrorKind::InvalidData), json!({"api_name": "share"})))?;
    match body.get("share").and_then(Value::as_array) {
        Some(items) if !items.is_empty() => Ok((body.clone(), items.clone())),
        _ => Err(error_reply(row(Op::Share, ErrorKind::MandatoryNotFound), json!({"api_name": "share"}))),
    }
}

/// A public share must stand alone (the spec's `alone_when` rule), in the versions that
/// have public shares.
fn check_public_alone(op: Op, items: &[Value], version: ApiVersion) -> Result<(), Reply> {
    let Some((_, public_value)) = op.share_rule().and_then(|rule| rule.alone_when) else { return Ok(()) };
    let public = !legacy(version) && items.iter().any(|item| item["type"] == public_value);
    if public && items.len() > 1 {
        let details = json!({"ambiguity_due_to": [{"api_name": "type"}, {"api_name": "shared_with"}]});
        return Err(error_reply(row(op, ErrorKind::AmbiguityDuringProcessing), details));
    }
    Ok(())
}

/// Reads one item as `version` writes it; a failure is the item's error.
fn read_item(org: &Org, op: Op, index: usize, item: &Value, version: ApiVersion) -> Result<Requested, Value> {
    let path = |key: &str| format!("$.share[{index}].{key}");
    let legacy = legacy(version);
    let invalid_type = |key: &str| {
        error_json(
            row(Op::Share, ErrorKind::InvalidPermissionOrType),
            json!({"api_name": "type", "json_path": path(key)}),
        )
    };
    let public = match item.get("type").filter(|_| !legacy) {
        None => false,
        Some(value) if value == "private" => false,
        Some(value) if value == "public" => true,
        Some(_) => return Err(invalid_type("type")),
    };
    let permission = match item.get("permission") {
        None => Permission::FullAccess,
        Some(value) => match value.as_str().map(Permission::try_parse) {
            Some(Ok(permission)) => permission,
            _ => {
                let details = json!({"api_name": "permission", "json_path": path("permission")});
                let kind = match (op, legacy) {
                    (Op::Update, _) => ErrorKind::PermissionInvalid,
                    (_, true) => ErrorKind::InvalidData,
                    (_, false) => ErrorKind::InvalidPermissionOrType,
                };
                return Err(error_json(row(op, kind), details));
            }
        },
    };
    let related = item.get("share_related_records").and_then(Value::as_bool).unwrap_or(false);
    if public {
        return Ok(Requested { sharee: None, permission, related });
    }
    let key = sharee_key(version);
    let key = key.as_str();
    let Some(sharee) = item.get(key) else {
        return Err(error_json(
            row(Op::Share, ErrorKind::MandatoryNotFound),
            json!({"api_name": key, "json_path": path(key)}),
        ));
    };
    let kind = match sharee.get("type").filter(|_| !legacy) {
        None => ShareeType::Users,
        Some(value) => match value.as_str().map(ShareeType::try_parse) {
            Some(Ok(kind)) => kind,
            _ => return Err(invalid_type(&format!("{key}.type"))),
        },
    };
    let id = sharee.get("id").and_then(id_of);
    let invalid_data =
        || error_json(row(Op::Share, ErrorKind::InvalidData), json!({"api_name": key, "json_path": path(key)}));
    match id {
        Some(id) if org.principal_exists(id, &kind) => Ok(Requested { sharee: Some((id, kind)), permission, related }),
        _ => Err(invalid_data()),
    }
}

/// Whether a user may receive this share: a user who can see the record already, or is
/// inactive, cannot.
fn check_sharee(org: &Org, record: &Record, requested: &Requested) -> Result<(), Value> {
    let Some((id, ShareeType::Users)) = &requested.sharee else { return Ok(()) };
    let owner_or_shared = *id == record.owner
        || record.shares.iter().any(|share| share.sharee.as_ref().is_some_and(|(user, _)| user == id));
    if owner_or_shared {
        return Err(error_json(row(Op::Share, ErrorKind::AlreadyVisible), json!({"api_name": "shared_with"})));
    }
    if org.users.get(id).is_some_and(|user| !user.active) {
        return Err(error_json(row(Op::Share, ErrorKind::CannotShareToUser), json!({"api_name": "shared_with"})));
    }
    Ok(())
}

/// The most users, groups or roles a record can be shared with: the spec's per-value
/// limit of the share list (the record holds no more than one request may add).
fn limit_of(op: Op, kind: &ShareeType) -> usize {
    op.share_rule().and_then(|rule| rule.limit_for(kind.as_str())).unwrap_or(usize::MAX)
}

fn count_of(shares: &[Share], kind: &ShareeType) -> usize {
    shares.iter().filter(|share| share.sharee.as_ref().is_some_and(|(_, k)| k == kind)).count()
}

fn success(message: &str) -> Value {
    json!({"code": "SUCCESS", "details": {}, "message": message, "status": "success"})
}

/// Per-item outcomes: 200 when all succeeded, 207 when some did, 400 when none did.
fn outcomes_reply(outcomes: Vec<Value>) -> Reply {
    let succeeded = outcomes.iter().filter(|outcome| outcome["status"] == "success").count();
    let status = match succeeded {
        0 => 400,
        n if n == outcomes.len() => 200,
        _ => 207,
    };
    Reply::json(status, &json!({"share": outcomes}))
}

fn share(org: &mut Org, target: &Target, grant: &Issued, body: &[u8]) -> Reply {
    let (body, items) = match share_items(Op::Share, body) {
        Ok(read) => read,
        Err(reply) => return reply,
    };
    if let Err(reply) = check_public_alone(Op::Share, &items, target.version) {
        return reply;
    }
    let notify = target.version >= ApiVersion::V3 && body["notify_shared_members"] == true;
    if notify && !org.feeds_enabled {
        return error_reply(row(Op::Share, ErrorKind::NotAllowed), json!({}));
    }
    let (batch, time) = org.next_batch();
    let mut added: Vec<Share> = Vec::new();
    let mut outcomes = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let record = record(org, target);
        let outcome = read_item(org, Op::Share, index, item, target.version)
            .and_then(|requested| check_sharee(org, &record, &requested).map(|()| requested))
            .and_then(|requested| {
                let all: Vec<Share> = record.shares.iter().chain(&added).cloned().collect();
                if let Some((_, kind)) = &requested.sharee {
                    let limit = limit_of(Op::Share, kind);
                    if count_of(&all, kind) >= limit {
                        let details = json!({"api_name": "type", "limit": limit, "json_path": format!("$.share[{index}].shared_with.type")});
                        let mut error = error_json(row(Op::Share, ErrorKind::SharingLimitExceeded), details);
                        error["message"] = json!(format!("Cannot share a record to more than {limit} {}", kind.as_str()));
                        return Err(error);
                    }
                }
                Ok(requested)
            });
        match outcome {
            Ok(requested) => {
                added.push(Share {
                    sharee: requested.sharee,
                    permission: requested.permission,
                    related: requested.related,
                    batch,
                    time,
                    shared_by: grant.grant.user,
                });
                outcomes.push(success("record will be shared successfully"));
            }
            Err(error) => outcomes.push(error),
        }
    }
    if let Some(record) = record_mut(org, target) {
        record.shares.extend(added);
    }
    outcomes_reply(outcomes)
}

fn update(org: &mut Org, target: &Target, grant: &Issued, body: &[u8]) -> Reply {
    let items = match share_items(Op::Update, body) {
        Ok((_, items)) => items,
        Err(reply) => return reply,
    };
    if let Err(reply) = check_public_alone(Op::Update, &items, target.version) {
        return reply;
    }
    let (batch, time) = org.next_batch();
    let mut outcomes = Vec::new();
    let mut kept: Vec<Share> = Vec::new();
    let old = record(org, target).shares.clone();
    for (index, item) in items.iter().enumerate() {
        match read_item(org, Op::Update, index, item, target.version) {
            Ok(requested) => {
                let before = old.iter().find(|share| share.sharee == requested.sharee);
                kept.push(Share {
                    batch: before.map_or(batch, |share| share.batch),
                    time: before.map_or(time, |share| share.time),
                    shared_by: before.map_or(grant.grant.user, |share| share.shared_by),
                    sharee: requested.sharee,
                    permission: requested.permission,
                    related: requested.related,
                });
                outcomes.push(success("record will be shared successfully"));
            }
            Err(error) => {
                // A share whose update failed stays as it was, if there was one.
                let sharee = item_sharee(item, target.version);
                kept.extend(
                    old.iter()
                        .filter(|share| sharee.is_some() && share.sharee.as_ref().map(|(id, _)| *id) == sharee)
                        .cloned(),
                );
                outcomes.push(error);
            }
        }
    }
    if count_of(&kept, &ShareeType::Users) > limit_of(Op::Update, &ShareeType::Users) {
        return error_reply(row(Op::Update, ErrorKind::SharingLimitExceeded), json!({"limit": 10}));
    }
    if let Some(record) = record_mut(org, target) {
        record.shares = kept;
    }
    outcomes_reply(outcomes)
}

/// The ID an item names (for keeping a share whose update failed).
fn item_sharee(item: &Value, version: ApiVersion) -> Option<u64> {
    item.get(sharee_key(version))?.get("id").and_then(id_of)
}

/// The key of the sharee in a request item, as the generated model writes an item for
/// `version` (`user` in the versions before `shared_with`).
fn sharee_key(version: ApiVersion) -> String {
    let probe = ShareItem::private(Sharee::new(1u64, ShareeType::Users)).to_wire(version);
    let key = probe.as_object().and_then(|item| item.iter().find(|(_, value)| value.get("id").is_some()));
    key.map_or_else(|| "shared_with".to_owned(), |(key, _)| key.clone())
}

/// Whether `version` writes items the legacy way (a sharee under another key, no share
/// types): the model's own encoding tells.
fn legacy(version: ApiVersion) -> bool {
    sharee_key(version) != sharee_key(ApiVersion::DEFAULT)
}

/// An ID, written as a string (as Zoho does) or a number.
fn id_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(text) => text.parse().ok(),
        Value::Number(number) => number.as_u64(),
        _ => None,
    }
}

fn revoke(org: &mut Org, target: &Target) -> Reply {
    let Some(record) = record_mut(org, target) else {
        return error_reply(row(Op::Revoke, ErrorKind::EntityIdInvalid), json!({}));
    };
    if record.shares.is_empty() {
        // Every version's "Revoke shared records" page documents BAD_REQUEST for this.
        return error_reply(row(Op::Revoke, ErrorKind::NothingToRevoke), json!({}));
    }
    record.shares.clear();
    let answer = json!({"share": {"code": "SUCCESS", "details": {"id": target.record_id.to_string()}, "message": "Sharing Revoked", "status": "success"}});
    Reply::json(200, &answer)
}
