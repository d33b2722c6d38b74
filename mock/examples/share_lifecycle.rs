//! The whole share lifecycle: share a record, read who it is shared with, change a
//! permission, read again, revoke, and revoke once more (which Zoho refuses).
//!
//! By default it runs against a Zoho-like server on loopback:
//!
//! ```text
//! cargo run -p zoho-share-mock --example share_lifecycle
//! ```
//!
//! Against real Zoho, give a data centre and OAuth credentials (a self client's refresh
//! token with the `ZohoCRM.share.{module}.ALL` scope), a record and a user to share with:
//!
//! ```text
//! ZOHO_DATA_CENTRE=EU ZOHO_CLIENT_ID=1000.… ZOHO_CLIENT_SECRET=… ZOHO_REFRESH_TOKEN=1000.… \
//! ZOHO_MODULE=Contacts ZOHO_RECORD_ID=4150868000004381115 ZOHO_USER_ID=4150868000001199001 \
//!   cargo run -p zoho-share-mock --example share_lifecycle
//! ```

use std::env;
use std::error::Error;

use zoho_share_mock::{MockZoho, sample};
use zoho_share_records::runtime::client::{HttpClient, OAuthCredentials, RefreshingToken, StaticToken};
use zoho_share_records::{
    ApiError, Client, ClientError, DataCentre, Module, Permission, RecordId, ShareItem, SharedRecordDetails, Sharee,
    ShareeType, UserId, View,
};

/// Where the lifecycle runs: a record and a user to share it with.
struct Target {
    client: Client,
    module: Module,
    record: RecordId,
    user: UserId,
    /// Keeps the local server running, when there is one.
    _local: Option<MockZoho>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let target = match env::var("ZOHO_DATA_CENTRE") {
        Ok(data_centre) => real_zoho(&data_centre)?,
        Err(_) => local_zoho().await?,
    };
    lifecycle(&target).await
}

/// Real Zoho, from the environment.
fn real_zoho(data_centre: &str) -> Result<Target, Box<dyn Error>> {
    let data_centre = DataCentre::parse(data_centre)?;
    let var = |name: &str| env::var(name).map_err(|_| format!("set {name} (see the top of this file)"));
    let credentials = OAuthCredentials::new(
        data_centre.accounts_url(),
        var("ZOHO_CLIENT_ID")?,
        var("ZOHO_CLIENT_SECRET")?,
        var("ZOHO_REFRESH_TOKEN")?,
    );
    let http = HttpClient::builder(RefreshingToken::new(credentials)?).build()?;
    println!("Zoho CRM, data centre {data_centre}");
    Ok(Target {
        client: Client::new(data_centre, http),
        module: Module::parse(&env::var("ZOHO_MODULE").unwrap_or_else(|_| "Contacts".to_owned()))?,
        record: var("ZOHO_RECORD_ID")?.parse()?,
        user: var("ZOHO_USER_ID")?.parse()?,
        _local: None,
    })
}

/// The Zoho-like server, on loopback.
async fn local_zoho() -> Result<Target, Box<dyn Error>> {
    let zoho = MockZoho::start().await?;
    println!("A Zoho-like server at {} (set ZOHO_DATA_CENTRE and credentials for real Zoho)", zoho.base_url());
    let http = HttpClient::builder(StaticToken::new(sample::ADMIN_TOKEN)).build()?;
    Ok(Target {
        client: Client::new(zoho.endpoint(), http),
        module: Module::Contacts,
        record: sample::CONTACT.into(),
        user: sample::USERS[0].into(),
        _local: Some(zoho),
    })
}

async fn lifecycle(target: &Target) -> Result<(), Box<dyn Error>> {
    let Target { client, module, record, user, .. } = target;
    let sharee = || Sharee::new(u64::from(*user), ShareeType::Users);

    println!("\n1. Share {module} {record} with user {user}, read-only");
    let shared = client
        .share_record(module.clone(), *record)
        .share(ShareItem::private(sharee()).with_permission(Permission::ReadOnly))
        .send()
        .await?;
    for outcome in &shared.share {
        println!("   {}", outcome.as_result().map_or_else(ToString::to_string, |success| success.message.clone()));
    }

    println!("\n2. Who can see it");
    print_shares(&client.get_shared_record_details(module.clone(), *record).view(View::Summary).send().await?);

    println!("\n3. Make it read-write (users left out of an update lose access)");
    let updated = client
        .update_share_permissions(module.clone(), *record)
        .share(ShareItem::private(sharee()).with_permission(Permission::ReadWrite))
        .send()
        .await?;
    println!(
        "   {} of {} updated",
        updated.share.iter().filter(|outcome| outcome.is_success()).count(),
        updated.share.len()
    );

    println!("\n4. Who can see it now");
    print_shares(&client.get_shared_record_details(module.clone(), *record).send().await?);

    println!("\n5. Revoke every share");
    let revoked = client.revoke_shared_record(module.clone(), *record).send().await?;
    println!("   {}", revoked.share.message);

    println!("\n6. Revoke again");
    match client.revoke_shared_record(module.clone(), *record).send().await {
        Err(ClientError::Api(ApiError::NothingToRevoke(info))) => {
            println!("   refused as documented: {} ({})", info.message, info.code);
        }
        Err(other) => return Err(other.into()),
        Ok(answer) => println!("   unexpectedly accepted: {}", answer.share.message),
    }
    Ok(())
}

fn print_shares(details: &SharedRecordDetails) {
    if details.share.is_empty() {
        println!("   shared with no one");
    }
    for share in &details.share {
        let who = share.shared_with.as_ref().map_or_else(
            || "everyone (public)".to_owned(),
            |with| format!("{} {}", with.name.as_deref().unwrap_or("?"), with.id),
        );
        let time = share.shared_time.map(|time| time.to_rfc3339()).unwrap_or_default();
        println!("   {who}: {} (related records: {}) since {time}", share.permission, share.share_related_records);
    }
}
