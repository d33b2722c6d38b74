//! The share lifecycle over real HTTP on loopback: share, read in Zoho's order, update,
//! revoke, revoke again; in the current API version and in v2.1.

use zoho_crm_tests::e2e::admin_client;
use zoho_share_mock::{MockZoho, sample};
use zoho_share_records::runtime::Outcome;
use zoho_share_records::runtime::http::Method;
use zoho_share_records::{
    ApiError, ApiVersion, Module, Permission, ShareItem, ShareType, SharedRecordDetails, Sharee, ShareeType, View,
};

fn item(id: u64, kind: ShareeType, permission: Permission, related: bool) -> ShareItem {
    ShareItem::private(Sharee::new(id, kind)).with_permission(permission).with_share_related_records(related)
}

/// The IDs of the shares, in the order of the answer.
fn sharee_ids(details: &SharedRecordDetails) -> Vec<u64> {
    details.share.iter().map(|share| u64::from(share.shared_with.as_ref().expect("a sharee").id)).collect()
}

#[tokio::test]
async fn share_get_update_get_revoke_and_revoke_again() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = admin_client(&zoho);
    let contact = sample::CONTACT;

    let before = client.get_shared_record_details(Module::Contacts, contact).send().await.expect("GET");
    assert!(before.share.is_empty(), "a record shared with no one answers 204, read as no shares");

    let first = client
        .share_record(Module::Contacts, contact)
        .share(item(sample::USERS[0], ShareeType::Users, Permission::ReadOnly, false))
        .share(item(sample::USERS[1], ShareeType::Users, Permission::FullAccess, true))
        .share(item(sample::GROUPS[0], ShareeType::Groups, Permission::ReadWrite, false))
        .send()
        .await
        .expect("POST");
    assert_eq!(first.share.len(), 3);
    assert!(first.share.iter().all(Outcome::is_success), "{first:?}");
    let second = client
        .share_record(Module::Contacts, contact)
        .share(item(sample::ROLES[0], ShareeType::Roles, Permission::ReadOnly, false))
        .send()
        .await
        .expect("a second POST");
    assert!(second.share.iter().all(Outcome::is_success));

    // Latest share first; alone before related; full, read-write, read-only; oldest first.
    let shared = client.get_shared_record_details(Module::Contacts, contact).send().await.expect("GET");
    assert_eq!(sharee_ids(&shared), [sample::ROLES[0], sample::GROUPS[0], sample::USERS[0], sample::USERS[1]]);
    let role = &shared.share[0];
    let sharee = role.shared_with.as_ref().expect("v3+ answers name the sharee");
    assert_eq!((sharee.name.as_deref(), sharee.sharee_type.clone()), (Some("Manager"), Some(ShareeType::Roles)));
    assert_eq!(role.share_type, Some(ShareType::Private));
    assert_eq!(role.shared_by.as_ref().and_then(|by| by.name.as_deref()), Some("Patricia Boyle"));
    assert_eq!(u64::from(role.shared_through.id), contact);
    assert_eq!(role.shared_through.module.name, "Contacts");
    let time = role.shared_time.expect("a share time");
    assert_eq!(time.offset().local_minus_utc(), 5 * 3600 + 1800, "the offset Zoho gave is kept");
    assert!(time > shared.share[1].shared_time.expect("a share time"), "the later batch comes first");
    assert_eq!(shared.share[3].permission, Permission::FullAccess);
    assert!(shared.share[3].share_related_records);

    let updated = client
        .update_share_permissions(Module::Contacts, contact)
        .share(item(sample::USERS[0], ShareeType::Users, Permission::FullAccess, false))
        .share(item(sample::ROLES[0], ShareeType::Roles, Permission::ReadOnly, false))
        .send()
        .await
        .expect("PUT");
    assert!(updated.share.iter().all(Outcome::is_success));
    let after_update = client.get_shared_record_details(Module::Contacts, contact).send().await.expect("GET");
    assert_eq!(sharee_ids(&after_update), [sample::ROLES[0], sample::USERS[0]], "users left out lose access");
    assert_eq!(after_update.share[1].permission, Permission::FullAccess);

    let revoked = client.revoke_shared_record(Module::Contacts, contact).send().await.expect("DELETE");
    assert_eq!(revoked.share.code, "SUCCESS");
    assert_eq!(revoked.share.details.id.map(u64::from), Some(contact));
    assert_eq!(zoho.share_count(&Module::Contacts, contact), 0);

    let again = client.revoke_shared_record(Module::Contacts, contact).send().await.expect_err("nothing to revoke");
    match again.api_error() {
        Some(ApiError::NothingToRevoke(info)) => {
            assert_eq!((info.code.as_str(), info.status.map(|status| status.as_u16())), ("BAD_REQUEST", Some(400)))
        }
        other => panic!("expected NothingToRevoke, got {other:?} ({again})"),
    }
    let again_v7 =
        client.revoke_shared_record(Module::Contacts, contact).version(ApiVersion::V7).send().await.expect_err("v7");
    assert!(matches!(again_v7.api_error(), Some(ApiError::NothingToRevoke(info)) if info.code == "BAD_REQUEST"));

    let methods: Vec<Method> = zoho.requests().into_iter().map(|request| request.method).collect();
    let expected = ["GET", "POST", "POST", "GET", "PUT", "GET", "DELETE", "DELETE", "DELETE"];
    assert_eq!(methods.iter().map(Method::as_str).collect::<Vec<_>>(), expected);
    assert!(zoho.requests().iter().all(|request| request.token.is_some()), "every request carries the token");
}

#[tokio::test]
async fn the_v2_1_answers_with_user_and_full_name_read_into_the_same_models() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = admin_client(&zoho);
    let shared = client
        .share_record(Module::Leads, sample::LEAD)
        .share(
            ShareItem::private(Sharee::new(sample::USERS[1], ShareeType::Users)).with_permission(Permission::ReadWrite),
        )
        .version(ApiVersion::V2_1)
        .send()
        .await
        .expect("POST v2.1");
    assert!(shared.share[0].is_success());
    let details = client
        .get_shared_record_details(Module::Leads, sample::LEAD)
        .version(ApiVersion::V2_1)
        .send()
        .await
        .expect("GET");
    let share = &details.share[0];
    let user = share.shared_with.as_ref().expect("v2.1's `user` is read as the sharee");
    assert_eq!((u64::from(user.id), user.name.as_deref()), (sample::USERS[1], Some("Derek Smith")));
    assert_eq!(share.shared_through.name.as_deref(), Some("Carissa Kidman"), "`entity_name` in v2.1");
    assert_eq!(share.share_type, None, "v2.1 has no share type");
    let log = zoho.requests();
    assert!(log.iter().all(|request| request.path.starts_with("/crm/v2.1/Leads/")), "{log:?}");
}

#[tokio::test]
async fn manage_view_lists_who_else_could_see_the_record_and_shared_to_filters() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = admin_client(&zoho);
    client
        .share_record(Module::Contacts, sample::OTHER_CONTACT)
        .share(item(sample::USERS[0], ShareeType::Users, Permission::ReadOnly, false))
        .share(item(sample::USERS[1], ShareeType::Users, Permission::ReadOnly, false))
        .send()
        .await
        .expect("POST");
    let managed = client
        .get_shared_record_details(Module::Contacts, sample::OTHER_CONTACT)
        .view(View::Manage)
        .send()
        .await
        .expect("GET manage");
    let shareable: Vec<u64> =
        managed.shareable_user.expect("manage lists shareable users").iter().map(|user| user.id.into()).collect();
    assert_eq!(shareable.len(), 10, "12 users, less the 2 shared; the owner and the inactive user are out");
    assert!(!shareable.contains(&sample::OWNER) && !shareable.contains(&sample::INACTIVE_USER));
    let to_one = client
        .get_shared_record_details(Module::Contacts, sample::OTHER_CONTACT)
        .view(View::Summary)
        .shared_to(sample::USERS[1])
        .send()
        .await
        .expect("GET sharedTo");
    assert_eq!(sharee_ids(&to_one), [sample::USERS[1]]);
    let query = zoho.requests().last().and_then(|request| request.query.clone());
    assert_eq!(query.as_deref(), Some(format!("view=summary&sharedTo={}", sample::USERS[1]).as_str()));
}

#[tokio::test]
async fn a_public_share_stands_alone_and_names_no_sharee() {
    let zoho = MockZoho::start().await.expect("the server starts");
    let client = admin_client(&zoho);
    let mixed = client
        .share_record(Module::Leads, sample::LEAD)
        .share(ShareItem::public(Permission::ReadOnly))
        .share(item(sample::USERS[0], ShareeType::Users, Permission::ReadOnly, false))
        .send()
        .await
        .expect_err("a public share with another item is refused before sending");
    assert!(mixed.to_string().contains("share[0].share_type"), "{mixed}");
    let legacy = client
        .share_record(Module::Leads, sample::LEAD)
        .share(ShareItem::public(Permission::ReadOnly))
        .version(ApiVersion::V2_1)
        .send()
        .await
        .expect_err("v2.1 has no public shares");
    assert!(legacy.to_string().contains("v3"), "{legacy}");
    assert_eq!(zoho.request_count(), 0);

    let shared = client
        .share_record(Module::Leads, sample::LEAD)
        .share(ShareItem::public(Permission::ReadWrite).with_share_related_records(true))
        .send()
        .await
        .expect("POST");
    assert!(shared.share[0].is_success());
    let details = client.get_shared_record_details(Module::Leads, sample::LEAD).send().await.expect("GET");
    assert_eq!(details.share.len(), 1);
    let public = &details.share[0];
    assert_eq!((public.share_type.clone(), public.shared_with.clone()), (Some(ShareType::Public), None));
    assert_eq!(public.permission, Permission::ReadWrite);
}
