//! Every endpoint over real HTTP against the real binary and a real SQLite file.

use crate::common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[tokio::test]
async fn every_v1_endpoint_requires_a_valid_bearer_token() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let calls = [
        (reqwest::Method::GET, "/v1/countryvalidationrules/US"),
        (reqwest::Method::GET, "/v1/countries"),
        (reqwest::Method::HEAD, "/v1/domains/contoso.onmicrosoft.com"),
        (reqwest::Method::POST, "/v1/validations/address"),
        (reqwest::Method::GET, "/v1/agreements?agreementType=MicrosoftCustomerAgreement"),
        (reqwest::Method::GET, "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf"),
        (reqwest::Method::GET, "/v1/offers?country=US"),
        (reqwest::Method::POST, "/v1/submissions"),
        (reqwest::Method::GET, "/v1/customers"),
        (reqwest::Method::GET, "/v1/customers/abc"),
    ];
    for (method, path) in calls {
        let none = http.request(method.clone(), server.url(path)).send().await.unwrap();
        assert_eq!(none.status(), StatusCode::UNAUTHORIZED, "{method} {path} without a token");
        assert_eq!(none.headers()["www-authenticate"], r#"Bearer realm="customer-server""#);
        let wrong = http.request(method.clone(), server.url(path)).bearer_auth("wrong").send().await.unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{method} {path} with a wrong token");
        if method != reqwest::Method::HEAD {
            assert_eq!(
                wrong.headers()["www-authenticate"],
                r#"Bearer realm="customer-server", error="invalid_token", error_description="The token is not valid.""#
            );
            let body: Value = wrong.json().await.unwrap();
            assert_eq!(body["code"], 1401);
            assert_eq!(body["errorName"], "Unauthorized");
            assert_eq!(body["isRetryable"], false);
        }
    }
    // The dev sign-in is off by default.
    let dev = http.post(server.url("/v1/dev/token")).send().await.unwrap();
    assert_eq!(dev.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn dev_sign_in_issues_working_tokens() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--dev-sign-in"]);
    let http = client();
    let token: Value = http.post(server.url("/v1/dev/token")).send().await.unwrap().json().await.unwrap();
    assert_eq!(token["expiresIn"], 3600);
    let access = token["accessToken"].as_str().unwrap();
    assert!(access.len() >= 32);
    let ok = http.get(server.url("/v1/countries")).bearer_auth(access).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn countries_rules_agreements_and_resellers() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--resellers", "1500"]);
    let http = client();
    let get = |path: &str| http.get(server.url(path)).bearer_auth(TOKEN).send();

    let us: Value = get("/v1/countryvalidationrules/us").await.unwrap().json().await.unwrap();
    assert_eq!(us["iso2Code"], "US");
    assert!(us["supportedStatesList"].as_array().unwrap().iter().any(|s| s == "WA"));
    assert_eq!(get("/v1/countryvalidationrules/ZZ").await.unwrap().status(), StatusCode::NOT_FOUND);
    let missing: Value = get("/v1/countryvalidationrules/ZZ").await.unwrap().json().await.unwrap();
    assert_eq!(missing["code"], 1404);

    let countries: Value = get("/v1/countries").await.unwrap().json().await.unwrap();
    let codes = countries["items"].as_array().unwrap();
    assert!(codes.len() > 200 && codes.iter().any(|c| c == "SE"));
    assert_eq!(countries["totalCount"].as_u64().unwrap() as usize, codes.len());

    let agreements: Value = get("/v1/agreements?agreementType=MicrosoftCustomerAgreement").await.unwrap().json().await.unwrap();
    assert_eq!(agreements["totalCount"], 1);
    assert_eq!(agreements["items"][0]["templateId"], "117a77b0-9360-443b-8795-c6dedc750cf9");
    assert_eq!(agreements["items"][0]["agreementLink"], "https://aka.ms/customeragreement");
    assert_eq!(agreements["items"][0]["agreementType"], "MicrosoftCustomerAgreement");

    let page: Value = get("/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf&offset=100&size=50").await.unwrap().json().await.unwrap();
    assert_eq!(page["totalCount"], 1500);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 50);
    assert_eq!(items[0]["relationshipType"], "IsIndirectCloudSolutionProviderOf");
    assert_eq!(items[0]["state"], "Active");
    assert!(items[0]["mpnId"].as_str().unwrap().chars().all(|c| c.is_ascii_digit()));
    let first_name = items[0]["name"].as_str().unwrap().to_owned();
    let word = first_name.split(' ').next().unwrap().to_lowercase();
    let filtered: Value = get(&format!("/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf&name={word}")).await.unwrap().json().await.unwrap();
    assert!(filtered["totalCount"].as_u64().unwrap() >= 1);
    assert!(filtered["items"].as_array().unwrap().iter().all(|r| r["name"].as_str().unwrap().to_lowercase().contains(&word)));
    let wrong_type = get("/v1/relationships").await.unwrap();
    assert_eq!(wrong_type.status(), StatusCode::BAD_REQUEST);
    let bad_paging = get("/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf&size=lots").await.unwrap();
    assert_eq!(bad_paging.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn address_validation_corrects_and_verifies() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let validate = |body: Value| http.post(server.url("/v1/validations/address")).bearer_auth(TOKEN).json(&body).send();

    let clean: Value = validate(json!({"addressLine1": "1 Microsoft Way", "city": "Redmond", "state": "WA", "postalCode": "98052", "country": "US"}))
        .await.unwrap().json().await.unwrap();
    assert_eq!(clean["status"], "Verified");
    assert_eq!(clean["suggestedAddresses"], json!([]));

    let messy: Value = validate(json!({"addressLine1": "1  microsoft   way", "city": "redmond", "state": "Washington", "postalCode": "9805 2", "country": "us"}))
        .await.unwrap().json().await.unwrap();
    assert_eq!(messy["status"], "StreetPartial");
    assert_eq!(messy["originalAddress"]["state"], "Washington");
    let suggestion = &messy["suggestedAddresses"][0];
    assert_eq!(suggestion["addressLine1"], "1 Microsoft Way");
    assert_eq!(suggestion["city"], "Redmond");
    assert_eq!(suggestion["state"], "WA");
    assert_eq!(suggestion["postalCode"], "98052");
    assert_eq!(suggestion["country"], "US");

    let several: Value = validate(json!({"addressLine1": "1 Main St", "city": "Springfield", "state": "new", "postalCode": "12345", "country": "US"}))
        .await.unwrap().json().await.unwrap();
    assert_eq!(several["status"], "Multiple");
    assert_eq!(several["suggestedAddresses"].as_array().unwrap().len(), 3);

    let bad_postal: Value = validate(json!({"addressLine1": "1 Main St", "city": "Seattle", "state": "WA", "postalCode": "ABCDE", "country": "US"}))
        .await.unwrap().json().await.unwrap();
    assert_eq!(bad_postal["status"], "None");
    assert!(bad_postal["validationMessage"].as_str().unwrap().contains("postal code"));

    let missing_city: Value = validate(json!({"addressLine1": "1 Main St", "city": "", "state": "WA", "postalCode": "98052", "country": "US"}))
        .await.unwrap().json().await.unwrap();
    assert_eq!(missing_city["status"], "InteractionRequired");

    let swedish: Value = validate(json!({"addressLine1": "drottninggatan 1", "city": "STOCKHOLM", "postalCode": "11151", "country": "SE"}))
        .await.unwrap().json().await.unwrap();
    assert_eq!(swedish["suggestedAddresses"][0]["city"], "Stockholm");

    let not_json = http.post(server.url("/v1/validations/address")).bearer_auth(TOKEN).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    let envelope: Value = not_json.json().await.unwrap();
    assert_eq!(envelope["code"], 1000);
}

#[tokio::test]
async fn offers_need_a_locale_and_are_localized_and_paged() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let offers = |query: &str, locale: Option<&str>| {
        let mut request = http.get(server.url(&format!("/v1/offers?{query}"))).bearer_auth(TOKEN);
        if let Some(locale) = locale {
            request = request.header("X-Locale", locale);
        }
        request.send()
    };
    let without = offers("country=US", None).await.unwrap();
    assert_eq!(without.status(), StatusCode::BAD_REQUEST);
    assert_eq!(without.json::<Value>().await.unwrap()["code"], 1003);
    let unknown = offers("country=XX", Some("en-US")).await.unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(unknown.json::<Value>().await.unwrap()["code"], 2030);

    let english: Value = offers("country=US", Some("en-US")).await.unwrap().json().await.unwrap();
    let total = english["totalCount"].as_u64().unwrap();
    assert!((40..=60).contains(&total), "{total}");
    let items = english["items"].as_array().unwrap();
    assert_eq!(items.len() as u64, total);
    let copilot = items.iter().find(|o| o["name"] == "Microsoft 365 Copilot").unwrap();
    assert_eq!(copilot["isAddOn"], true);
    assert!(!copilot["prerequisiteOffers"].as_array().unwrap().is_empty());
    assert!(items.iter().any(|o| o["billing"] == "usage"));
    assert!(items.iter().all(|o| o["minimumQuantity"].as_u64() <= o["maximumQuantity"].as_u64()));

    let swedish: Value = offers("country=SE", Some("sv-SE")).await.unwrap().json().await.unwrap();
    assert_eq!(swedish["items"][0]["name"], english["items"][0]["name"]);
    assert_ne!(swedish["items"][0]["description"], english["items"][0]["description"]);
    assert_eq!(swedish["items"][0]["category"]["name"], "Produktivitet");

    let page: Value = offers("country=US&offset=10&size=5", Some("en-US")).await.unwrap().json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    assert_eq!(page["items"][0]["id"], items[10]["id"]);
    assert_eq!(page["totalCount"], total);
}

#[tokio::test]
async fn large_catalog_has_at_least_ten_thousand_offers() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--catalog", "large"]);
    let page: Value = client()
        .get(server.url("/v1/offers?country=DE&offset=9990&size=1000"))
        .bearer_auth(TOKEN)
        .header("X-Locale", "de-DE")
        .send().await.unwrap().json().await.unwrap();
    assert!(page["totalCount"].as_u64().unwrap() >= 10_000);
    assert_eq!(page["items"].as_array().unwrap().len() as u64, page["totalCount"].as_u64().unwrap() - 9990);
}

#[tokio::test]
async fn submit_creates_customer_agreement_and_order() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let domain_check = |d: &str| http.head(server.url(&format!("/v1/domains/{d}"))).bearer_auth(TOKEN).send();
    assert_eq!(domain_check("northwindtraders.onmicrosoft.com").await.unwrap().status(), StatusCode::NOT_FOUND);

    let response = submit(&http, &server, &request_id(), &valid_submission("NorthwindTraders")).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    let customer = &created["customer"];
    let id = customer["id"].as_str().unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(customer["commerceId"].as_str().unwrap().len(), 36);
    assert_eq!(customer["companyProfile"]["domain"], "northwindtraders.onmicrosoft.com");
    assert_eq!(customer["billingProfile"]["companyName"], "Fabrikam Consulting Inc.");
    assert_eq!(customer["relationshipToPartner"], "reseller");
    assert_eq!(customer["userCredentials"]["userName"], "admin");
    assert!(customer["userCredentials"]["password"].as_str().unwrap().len() >= 16);
    assert!(customer.get("associatedPartnerId").is_none());
    assert_eq!(created["agreement"]["templateId"], "117a77b0-9360-443b-8795-c6dedc750cf9");
    let order = &created["order"];
    assert_eq!(order["status"], "pending");
    assert_eq!(order["referenceCustomerId"], id);
    assert_eq!(order["billingCycle"], "monthly");
    assert_eq!(order["lineItems"][1]["friendlyName"], "Microsoft 365 Copilot");
    assert!(order["creationDate"].as_str().unwrap().ends_with('Z'));

    for variant in ["northwindtraders.onmicrosoft.com", "NorthWindTraders.OnMicrosoft.com"] {
        let taken = domain_check(variant).await.unwrap();
        assert_eq!(taken.status(), StatusCode::OK, "{variant}");
        assert!(taken.bytes().await.unwrap().is_empty());
    }

    let one: Value = http.get(server.url(&format!("/v1/customers/{id}"))).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!(one["id"], id);
    assert_eq!(one["companyProfile"]["domain"], "northwindtraders.onmicrosoft.com");
    assert!(one.get("userCredentials").is_none(), "the password is shown once only");
    assert!(!one.to_string().contains(customer["userCredentials"]["password"].as_str().unwrap()));
    let missing = http.get(server.url("/v1/customers/00000000-0000-0000-0000-000000000000")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn indirect_customer_needs_a_known_reseller_and_its_mpn_id() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let page: Value = http
        .get(server.url("/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf&size=1"))
        .bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    let reseller = &page["items"][0];
    let mut body = valid_submission("adatumlogistics");
    body["customer"]["associatedPartnerId"] = reseller["id"].clone();
    for line in body["order"]["lineItems"].as_array_mut().unwrap() {
        line["partnerIdOnRecord"] = reseller["mpnId"].clone();
    }
    let created = submit(&http, &server, &request_id(), &body).await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["customer"]["associatedPartnerId"], reseller["id"]);
    assert_eq!(created["order"]["lineItems"][0]["partnerIdOnRecord"], reseller["mpnId"]);
    let list: Value = http.get(server.url("/v1/customers")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"][0]["associatedPartnerId"], reseller["id"]);

    let mut unknown = valid_submission("litwareinsurance");
    unknown["customer"]["associatedPartnerId"] = json!("4c0f0b36-0000-4000-8000-000000000000");
    let rejected: Value = submit(&http, &server, &request_id(), &unknown).await.unwrap().json().await.unwrap();
    assert_eq!(rejected["data"][0]["field"], "resellerId");
    assert_eq!(rejected["data"][0]["code"], "unknown_reseller");

    let mut wrong_mpn = body.clone();
    wrong_mpn["customer"]["companyProfile"]["domain"] = json!("trey.onmicrosoft.com");
    wrong_mpn["order"]["lineItems"][0]["partnerIdOnRecord"] = json!("1234567");
    let rejected = submit(&http, &server, &request_id(), &wrong_mpn).await.unwrap();
    assert_eq!(rejected.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn invalid_submission_lists_every_field_path() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let mut body = valid_submission("contoso-ltd");
    body["customer"]["billingProfile"]["defaultAddress"]["postalCode"] = json!("ABC");
    body["customer"]["billingProfile"]["defaultAddress"]["state"] = json!("Washington");
    body["customer"]["billingProfile"]["defaultAddress"]["firstName"] = json!("");
    body["customer"]["billingProfile"]["email"] = json!("not-an-email");
    body["agreement"]["dateAgreed"] = json!("2999-01-01T00:00:00.000Z");
    body["agreement"]["templateId"] = json!("00000000-0000-0000-0000-000000000000");
    body["order"]["lineItems"][0]["quantity"] = json!(100000);
    body["order"]["lineItems"].as_array_mut().unwrap().push(json!({"lineItemNumber": 2, "offerId": "NOPE:0001", "quantity": 1}));
    let response = submit(&http, &server, &request_id(), &body).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let envelope: Value = response.json().await.unwrap();
    assert_eq!(envelope["code"], 1001);
    assert_eq!(envelope["errorName"], "ValidationFailed");
    assert_eq!(envelope["source"], "customer-server");
    assert_eq!(envelope["isRetryable"], false);
    assert!(envelope["description"].is_string());
    let issues: Vec<(String, String)> = envelope["data"]
        .as_array().unwrap().iter()
        .map(|i| (i["field"].as_str().unwrap().to_owned(), i["code"].as_str().unwrap().to_owned()))
        .collect();
    for expected in [
        ("account.domainPrefix", "invalid_domain_prefix"),
        ("account.address.postalCode", "invalid_postal_code"),
        ("account.address.state", "invalid_state"),
        ("account.contact.firstName", "required"),
        ("account.contact.email", "invalid_email"),
        ("agreement.dateAgreed", "date_in_future"),
        ("agreement.templateId", "agreement_not_accepted"),
        ("subscriptions.CFQ7TTC0LH18:0001.quantity", "quantity_out_of_range"),
        ("subscriptions.NOPE:0001.quantity", "unknown_offer"),
    ] {
        assert!(issues.iter().any(|(f, c)| f == expected.0 && c == expected.1), "missing {expected:?} in {issues:?}");
    }
    let range = envelope["data"].as_array().unwrap().iter().find(|i| i["code"] == "quantity_out_of_range").unwrap();
    assert_eq!(range["params"], json!({"min": 1, "max": 300}));
    assert_eq!(customer_count(&http, &server).await, 0, "nothing stored");

    let no_id = http.post(server.url("/v1/submissions")).bearer_auth(TOKEN).json(&valid_submission("contoso")).send().await.unwrap();
    assert_eq!(no_id.status(), StatusCode::BAD_REQUEST);
    assert_eq!(no_id.json::<Value>().await.unwrap()["code"], 1002);
    let not_guid = submit(&http, &server, "abc", &valid_submission("contoso")).await.unwrap();
    assert_eq!(not_guid.status(), StatusCode::BAD_REQUEST);
    let malformed = submit(&http, &server, &request_id(), &json!({"customer": {}})).await.unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(malformed.json::<Value>().await.unwrap()["code"], 1000);
    let missing_prerequisite = {
        let mut body = valid_submission("contoso");
        body["order"]["lineItems"].as_array_mut().unwrap().remove(0);
        submit(&http, &server, &request_id(), &body).await.unwrap().json::<Value>().await.unwrap()
    };
    assert_eq!(missing_prerequisite["data"][0]["code"], "missing_prerequisite");
}

#[tokio::test]
async fn taken_domain_is_409_and_replays_return_the_first_answer() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let first_id = request_id();
    let first = submit(&http, &server, &first_id, &valid_submission("woodgrovebank")).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first_body = first.text().await.unwrap();

    // Same request id, same body (re-serialized differently): the stored answer, nothing new.
    let again = http
        .post(server.url("/v1/submissions"))
        .bearer_auth(TOKEN)
        .header("MS-RequestId", first_id.to_uppercase())
        .header("content-type", "application/json")
        .body(serde_json::to_string_pretty(&valid_submission("woodgrovebank")).unwrap())
        .send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.text().await.unwrap(), first_body);
    assert_eq!(customer_count(&http, &server).await, 1);

    // Another request for the same domain (any case): 409 DomainTaken, with the field path.
    let second_id = request_id();
    let conflict = submit(&http, &server, &second_id, &valid_submission("WoodgroveBank")).await.unwrap();
    assert_eq!(conflict.status(), StatusCode::CONFLICT);
    let conflict_body: Value = conflict.json().await.unwrap();
    assert_eq!(conflict_body["code"], 1409);
    assert_eq!(conflict_body["errorName"], "DomainTaken");
    assert_eq!(conflict_body["data"][0]["field"], "account.domainPrefix");
    assert_eq!(conflict_body["data"][0]["code"], "domain_taken");
    // A business error is an answer too: its retry gets the same 409.
    let conflict_again = submit(&http, &server, &second_id, &valid_submission("WoodgroveBank")).await.unwrap();
    assert_eq!(conflict_again.status(), StatusCode::CONFLICT);
    assert_eq!(conflict_again.json::<Value>().await.unwrap(), conflict_body);

    // The first request id with a different body: 409 RequestIdReused.
    let reused = submit(&http, &server, &first_id, &valid_submission("relecloud")).await.unwrap();
    assert_eq!(reused.status(), StatusCode::CONFLICT);
    assert_eq!(reused.json::<Value>().await.unwrap()["code"], 1410);
    // ...also when that different body is invalid.
    let mut invalid = valid_submission("relecloud");
    invalid["customer"]["billingProfile"]["email"] = json!("x");
    let reused_invalid = submit(&http, &server, &first_id, &invalid).await.unwrap();
    assert_eq!(reused_invalid.json::<Value>().await.unwrap()["code"], 1410);
    assert_eq!(customer_count(&http, &server).await, 1);
}

#[tokio::test]
async fn fifty_concurrent_submits_of_one_domain_create_one_customer() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let body = valid_submission("tailspintoys");
    let attempts = (0..50).map(|_| {
        let (http, body, url) = (http.clone(), body.clone(), server.url("/v1/submissions"));
        tokio::spawn(async move {
            http.post(url).bearer_auth(TOKEN).header("MS-RequestId", request_id()).json(&body).send().await.unwrap().status()
        })
    });
    let mut statuses = Vec::new();
    for attempt in attempts.collect::<Vec<_>>() {
        statuses.push(attempt.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 49, "{statuses:?}");
    assert_eq!(customer_count(&http, &server).await, 1);
}

#[tokio::test]
async fn customers_are_listed_newest_first_and_survive_a_restart() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let mut ids = Vec::new();
    for n in 0..12 {
        let response = submit(&http, &server, &request_id(), &valid_submission(&format!("alpineskihouse{n}"))).await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        ids.push(response.json::<Value>().await.unwrap()["customer"]["id"].as_str().unwrap().to_owned());
    }
    let page: Value = http.get(server.url("/v1/customers?offset=2&size=5")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!(page["totalCount"], 12);
    let listed: Vec<&str> = page["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = ids.iter().rev().skip(2).take(5).map(String::as_str).collect();
    assert_eq!(listed, expected);
    let item = &page["items"][0];
    for key in ["id", "companyName", "domain", "country", "createdAt", "relationshipToPartner"] {
        assert!(item.get(key).is_some(), "{key}");
    }
    assert!(item.get("userCredentials").is_none());

    let status = server.stop();
    assert!(status.success(), "graceful shutdown exits 0: {status:?}");
    let restarted = Server::start(dir.path(), &[]);
    assert_eq!(customer_count(&http, &restarted).await, 12);
    let all: Value = http.get(restarted.url("/v1/customers")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    let after: Vec<&str> = all["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(after, ids.iter().rev().map(String::as_str).collect::<Vec<_>>());
    let taken = http.head(restarted.url("/v1/domains/alpineskihouse3.onmicrosoft.com")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(taken.status(), StatusCode::OK);
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let dir = temp();
    let server = Server::start(dir.path(), &["--rate-limit", "5"]);
    let http = client();
    let mut limited = None;
    for _ in 0..20 {
        let response = http.get(server.url("/v1/countries")).bearer_auth(TOKEN).send().await.unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(response);
            break;
        }
    }
    let limited = limited.expect("a 429 within 20 quick requests at 5/s");
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after >= 1);
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["code"], 1429);
    assert_eq!(body["isRetryable"], true);
}

#[tokio::test]
async fn openapi_document_is_served() {
    let dir = temp();
    let server = Server::start(dir.path(), &[]);
    let response = client().get(server.url("/openapi.json")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/v1/submissions"]["post"].is_object());
    assert!(doc["components"]["schemas"]["SubmitRequest"].is_object());
    assert!(doc["components"]["schemas"]["ErrorEnvelope"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
