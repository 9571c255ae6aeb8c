//! The one message catalogue: every user-facing string, keyed by id, in every
//! supported language. Each entry names all languages in one row, so a missing
//! translation is a compile error, not a blank label.

use customer_domain::date::DateOrder;
use customer_domain::Message;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    EnUs,
    SvSe,
}

impl Locale {
    /// Picks the closest supported locale for a BCP 47 tag (`sv`, `sv-FI` → Swedish).
    /// The same rule as `language` in web/wizard.js, which scripts/prerender
    /// also inlines into the pages' first-screen language script.
    pub fn from_tag(tag: &str) -> Self {
        if tag.trim().to_ascii_lowercase().starts_with("sv") { Locale::SvSe } else { Locale::EnUs }
    }
    pub fn tag(self) -> &'static str {
        match self {
            Locale::EnUs => "en-US",
            Locale::SvSe => "sv-SE",
        }
    }
    /// How the language writes a date the partner types (the acceptance date).
    pub fn date_order(self) -> DateOrder {
        match self {
            Locale::EnUs => DateOrder::MonthDayYear,
            Locale::SvSe => DateOrder::YearMonthDay,
        }
    }
}

macro_rules! catalog {
    ($($key:ident => $en:literal, $sv:literal;)*) => {
        /// Message ids.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            /// Every key, in order: the order of the lines of a texts file.
            #[cfg(any(test, not(target_arch = "wasm32")))]
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        /// How many keys there are.
        #[cfg(any(test, target_arch = "wasm32"))]
        const KEYS: usize = [$(stringify!($key),)*].len();

        /// This catalogue's keys and English texts, hashed: a texts file
        /// written for another build of the app is refused.
        pub const FINGERPRINT: u32 = fingerprint(&[$(stringify!($key), $en,)*]);

        fn english(key: Key) -> &'static str {
            match key { $(Key::$key => $en,)* }
        }

        /// The Swedish texts as written here. In the browser they come from
        /// the texts file instead (see `use_texts`), and these stay out of
        /// the WebAssembly (its tests aside).
        #[cfg(any(test, not(target_arch = "wasm32")))]
        fn built_in_swedish(key: Key) -> &'static str {
            match key { $(Key::$key => $sv,)* }
        }
    };
}

/// FNV-1a over the parts, each followed by a 0 byte.
const fn fingerprint(parts: &[&str]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut part = 0;
    while part < parts.len() {
        let bytes = parts[part].as_bytes();
        let mut at = 0;
        while at <= bytes.len() {
            let byte = if at < bytes.len() { bytes[at] } else { 0 };
            hash = (hash ^ byte as u32).wrapping_mul(0x0100_0193);
            at += 1;
        }
        part += 1;
    }
    hash
}

#[cfg(not(target_arch = "wasm32"))]
fn swedish(key: Key) -> &'static str {
    built_in_swedish(key)
}

/// A key's text in a language.
pub fn text(locale: Locale, key: Key) -> &'static str {
    match locale {
        Locale::EnUs => english(key),
        Locale::SvSe => swedish(key),
    }
}

// Only a partner who works in Swedish needs the Swedish texts, so the browser
// build leaves them out of its WebAssembly: wizard.js fetches them (the
// texts file, `texts/sv-SE.txt`, written by the build-time render beside the
// first screens) beside the app, and hands them over before the wizard
// mounts or switches to Swedish. A third language would cost the others
// nothing either.

/// The first line of a texts file, then one text per key in [`Key::ALL`]'s order.
const TEXTS_HEADER: &str = "add-customer-wizard texts ";

/// A texts file's lines, one per key, if it was written for this catalogue.
#[cfg(any(test, target_arch = "wasm32"))]
pub fn read_texts(file: &str) -> Option<Vec<&str>> {
    let mut lines = file.lines();
    let fingerprint: u32 = lines.next()?.strip_prefix(TEXTS_HEADER)?.parse().ok()?;
    let texts: Vec<&str> = lines.collect();
    (fingerprint == FINGERPRINT && texts.len() == KEYS && texts.iter().all(|t| !t.trim().is_empty())).then_some(texts)
}

/// The Swedish texts file, as the build-time render writes it.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn swedish_texts_file() -> String {
    let mut file = format!("{TEXTS_HEADER}{FINGERPRINT}\n");
    for key in Key::ALL {
        file.push_str(built_in_swedish(*key));
        file.push('\n');
    }
    file
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static SWEDISH: std::cell::OnceCell<Vec<&'static str>> = const { std::cell::OnceCell::new() };
}

/// Takes the Swedish texts file wizard.js fetched; `false` (and nothing
/// taken) when it was written for another build.
#[cfg(target_arch = "wasm32")]
pub fn use_texts(file: String) -> bool {
    if SWEDISH.with(|texts| texts.get().is_some()) {
        return true;
    }
    // Kept for the page's life, as the built-in texts are.
    let file: &'static str = Box::leak(file.into_boxed_str());
    let Some(texts) = read_texts(file) else { return false };
    SWEDISH.with(|held| held.set(texts).is_ok())
}

#[cfg(target_arch = "wasm32")]
fn swedish(key: Key) -> &'static str {
    SWEDISH.with(|texts| texts.get().map(|texts| texts[key as usize])).unwrap_or_else(|| before_texts(key))
}

/// In English until wizard.js has handed the texts over, which it does
/// before any Swedish wizard mounts or switches to Swedish.
#[cfg(all(target_arch = "wasm32", not(test)))]
fn before_texts(key: Key) -> &'static str {
    english(key)
}

/// The browser's unit tests have the built-in texts.
#[cfg(all(target_arch = "wasm32", test))]
fn before_texts(key: Key) -> &'static str {
    built_in_swedish(key)
}

catalog! {
    // Customers page
    CustomersTitle => "Customers", "Kunder";
    AddCustomer => "Add customer", "Lägg till kund";
    ExistingCustomerNote => "Is this an existing customer of Microsoft? Request a relationship instead of adding them again.", "Är det här en befintlig Microsoft-kund? Begär en relation i stället för att lägga till kunden igen.";
    RequestRelationship => "Request a relationship", "Begär en relation";
    NoCustomersYet => "No customers yet.", "Inga kunder ännu.";
    ShowingCustomers => "Showing the newest {shown} of {total} customers", "Visar de senaste {shown} av {total} kunder";
    ShowMoreCustomers => "Show {count} more customers", "Visa {count} kunder till";
    ShowMoreCustomersOne => "Show {count} more customer", "Visa {count} kund till";
    CustomerName => "Company name", "Företagsnamn";
    CustomerDomain => "Domain", "Domän";
    CustomerCountry => "Country or region", "Land eller region";
    CustomerCreated => "Created", "Skapad";
    Loading => "Loading…", "Läser in…";
    LoadingOffers => "Loading the offers…", "Läser in erbjudandena…";
    LoadingResellers => "Loading the resellers…", "Läser in återförsäljarna…";
    OffersFailed => "The offers could not be loaded.", "Erbjudandena kunde inte läsas in.";
    ResellersFailed => "The resellers could not be loaded.", "Återförsäljarna kunde inte läsas in.";
    CountriesFailed => "The countries could not be loaded.", "Länderna kunde inte läsas in.";
    // Steps
    StepAccount => "Account info", "Kontoinformation";
    StepReseller => "Indirect reseller", "Indirekt återförsäljare";
    StepSubscriptions => "Subscriptions", "Prenumerationer";
    StepReview => "Review", "Granska";
    StepDone => "Done", "Klart";
    StepOf => "Step {n} of {total}", "Steg {n} av {total}";
    Back => "Back", "Tillbaka";
    Cancel => "Cancel", "Avbryt";
    NextSubscriptions => "Next: Subscriptions", "Nästa: Prenumerationer";
    NextReseller => "Next: Indirect reseller", "Nästa: Indirekt återförsäljare";
    NextReview => "Next: Review", "Nästa: Granska";
    BackToReview => "Save and return to Review", "Spara och gå tillbaka till Granska";
    Submit => "Submit", "Skicka";
    Update => "Update", "Uppdatera";
    NotProvided => "Not provided", "Inte angivet";
    Optional => "(optional)", "(valfritt)";
    ErrorTitlePrefix => "Error: ", "Fel: ";
    ThereIsAProblem => "There is a problem", "Det finns ett problem";
    // Account info
    CompanyDetails => "Company details", "Företagsuppgifter";
    CompanyLegalName => "Company legal name", "Företagets juridiska namn";
    CompanyLegalNameHint => "The exact legal name, as registered. No acronyms, short forms or test names.", "Det exakta juridiska namnet, som det är registrerat. Inga förkortningar, kortformer eller testnamn.";
    AcknowledgeName => "This is the company's exact legal name", "Det här är företagets exakta juridiska namn";
    DomainPrefix => "Primary domain name", "Primärt domännamn";
    DomainPrefixHint => "Letters and digits only, at most 27. It cannot be changed later.", "Endast bokstäver och siffror, högst 27. Det kan inte ändras senare.";
    Country => "Country or region", "Land eller region";
    SelectCountry => "Select a country or region", "Välj ett land eller en region";
    AddressLine1 => "Address line 1", "Adressrad 1";
    AddressLine2 => "Address line 2", "Adressrad 2";
    City => "City", "Ort";
    State => "State or province", "Delstat eller provins";
    SelectState => "Select a state or province", "Välj delstat eller provins";
    PostalCode => "Postal code", "Postnummer";
    PostalCodeExample => "For example {example}", "Till exempel {example}";
    CompanyPhone => "Company phone number", "Företagets telefonnummer";
    OrgRegistrationNumber => "Organization registration number", "Organisationsnummer";
    Culture => "Language for communication", "Språk för kommunikation";
    SelectCulture => "Select a language", "Välj ett språk";
    PrimaryContact => "Primary contact", "Primär kontakt";
    FirstName => "First name", "Förnamn";
    LastName => "Last name", "Efternamn";
    Email => "Email address", "E-postadress";
    ContactPhone => "Contact phone number", "Kontaktpersonens telefonnummer";
    DomainChecking => "Checking whether {domain} is available…", "Kontrollerar om {domain} är ledigt…";
    DomainAvailable => "{domain} is available", "{domain} är ledigt";
    DomainTakenStatus => "{domain} is already taken.", "{domain} är redan upptaget.";
    CheckAddress => "Check the address", "Kontrollera adressen";
    CheckAddressHint => "The address service suggests a correction. Choose the address to use.", "Adresstjänsten föreslår en rättelse. Välj vilken adress som ska användas.";
    KeepAddress => "Use the address as entered: {address}", "Använd adressen som den angavs: {address}";
    UseAddress => "Use this address", "Använd den här adressen";
    CheckingAddress => "Checking the address…", "Kontrollerar adressen…";
    // Agreement
    AgreementSection => "Microsoft Customer Agreement", "Microsoft-kundavtal";
    AgreementAccepted => "The customer has accepted and signed the latest Microsoft Customer Agreement", "Kunden har godkänt och undertecknat det senaste Microsoft-kundavtalet";
    AgreementLink => "Read the Microsoft Customer Agreement", "Läs Microsoft-kundavtalet";
    SignerFirstName => "Signer's first name", "Undertecknarens förnamn";
    SignerLastName => "Signer's last name", "Undertecknarens efternamn";
    SignerEmail => "Signer's email address", "Undertecknarens e-postadress";
    SignerPhone => "Signer's phone number", "Undertecknarens telefonnummer";
    DateAgreed => "Date of acceptance", "Datum för godkännande";
    DateAgreedHint => "Month/day/year, for example 6/14/2026", "År-månad-dag, till exempel 2026-06-14";
    // Subscriptions
    Quantity => "Licenses", "Licenser";
    Selected => "Selected", "Valda";
    LicenseRange => "{min}–{max} licenses", "{min}–{max} licenser";
    SearchOffers => "Search offers", "Sök erbjudanden";
    SearchResellers => "Search resellers", "Sök återförsäljare";
    ShowingResellers => "Showing {shown} of {total} resellers", "Visar {shown} av {total} återförsäljare";
    ShowingResellersOne => "Showing {shown} of {total} reseller", "Visar {shown} av {total} återförsäljare";
    ShowMoreResellers => "Show {count} more resellers", "Visa {count} återförsäljare till";
    ShowMoreResellersOne => "Show {count} more reseller", "Visa {count} återförsäljare till";
    Category => "Category", "Kategori";
    AllCategories => "All categories", "Alla kategorier";
    ShowingOf => "Showing {shown} of {total} offers", "Visar {shown} av {total} erbjudanden";
    ShowingOfOne => "Showing {shown} of {total} offer", "Visar {shown} av {total} erbjudande";
    ShowMoreOffers => "Show {count} more offers", "Visa {count} erbjudanden till";
    ShowMoreOffersOne => "Show {count} more offer", "Visa {count} erbjudande till";
    AddOnNeeds => "Add-on: needs {offers}", "Tillägg: kräver {offers}";
    // Review
    ReviewAccount => "Account info", "Kontoinformation";
    ReviewAgreement => "Customer agreement", "Kundavtal";
    ReviewSubscriptions => "Subscriptions", "Prenumerationer";
    Yes => "Yes", "Ja";
    No => "No", "Nej";
    Submitting => "Submitting…", "Skickar…";
    // Done
    CustomerAdded => "Customer added", "Kunden har lagts till";
    CustomerId => "Customer ID", "Kund-ID";
    AdminUser => "Admin user name", "Administratörens användarnamn";
    AdminPassword => "Temporary password", "Tillfälligt lösenord";
    PasswordOnce => "Copy the password now. It will not be shown again.", "Kopiera lösenordet nu. Det visas inte igen.";
    PasswordAlreadyShown => "Already shown when the customer was created, and not kept. If it was not saved, reset it in the Microsoft 365 admin center.", "Visades redan när kunden skapades och sparas inte. Om det inte sparades, återställ det i administrationscentret för Microsoft 365.";
    CopyPassword => "Copy password", "Kopiera lösenordet";
    Copied => "Copied", "Kopierat";
    AddAnother => "Add another customer", "Lägg till en till kund";
    // Done, gateway mode: the customer was created, a later stage failed
    PartialAgreementFailed => "The customer was created, but the customer agreement was not confirmed", "Kunden skapades, men kundavtalet bekräftades inte";
    PartialOrderFailed => "The customer was created, but the subscriptions were not ordered", "Kunden skapades, men prenumerationerna beställdes inte";
    PartialUnavailable => "Partner Center could not be reached.", "Partner Center gick inte att nå.";
    PartialRefused => "Partner Center refused it.", "Partner Center avvisade det.";
    PartialRetryNote => "Retrying repeats only the step that failed: the customer is not created again.", "Ett nytt försök gör bara om steget som misslyckades: kunden skapas inte igen.";
    PartialPasswordLater => "Shown once every step is done.", "Visas när alla steg är klara.";
    PartnerCenterCode => "Partner Center error code", "Felkod från Partner Center";
    RetryAgreement => "Confirm the customer agreement again", "Bekräfta kundavtalet igen";
    RetryOrder => "Order the subscriptions again", "Beställ prenumerationerna igen";
    // Failures
    LoadFailed => "This could not be loaded. Try again.", "Det gick inte att läsa in. Försök igen.";
    TryAgain => "Try again", "Försök igen";
    StepUnavailable => "This step could not be loaded. Check your connection. Your entries are kept.", "Steget kunde inte läsas in. Kontrollera anslutningen. Det du har angett finns kvar.";
    PartUnavailable => "This part of the wizard could not be loaded. Check your connection. Your entries are kept.", "Den här delen av guiden kunde inte läsas in. Kontrollera anslutningen. Det du har angett finns kvar.";
    SubmitFailed => "The customer could not be added. Your entries are kept; try again.", "Kunden kunde inte läggas till. Det du har angett finns kvar; försök igen.";
    Crashed => "Something went wrong in the wizard. Your draft is saved in this browser: reload the page to continue.", "Något gick fel i guiden. Ditt utkast är sparat i den här webbläsaren: läs in sidan igen för att fortsätta.";
    // Drafts (storage, resume, other tabs) and submit progress
    SavedDrafts => "Saved drafts", "Sparade utkast";
    LatestDraft => "You have an unfinished draft: {summary}", "Du har ett utkast som inte är klart: {summary}";
    DraftSummary => "{name} · {step} · saved {time}", "{name} · {step} · sparat {time}";
    ResumeDraft => "Resume draft (saved {time})", "Fortsätt med utkastet (sparat {time})";
    StartOver => "Start over", "Börja om";
    OtherDrafts => "Other saved drafts", "Andra sparade utkast";
    ResumeNamed => "Resume", "Fortsätt";
    DiscardDraft => "Discard", "Ta bort";
    UntitledDraft => "Untitled draft", "Namnlöst utkast";
    DraftsKept => "Drafts are kept in this browser for {days} days after their last change, then removed.", "Utkast sparas i den här webbläsaren i {days} dagar efter senaste ändringen och tas sedan bort.";
    StorageNotJson => "A saved draft is damaged and could not be read.", "Ett sparat utkast är skadat och kunde inte läsas.";
    StorageWrongShape => "A saved draft is not in a form this wizard can read.", "Ett sparat utkast har ett format som guiden inte kan läsa.";
    StorageNewerVersion => "A saved draft was made by a newer version of this wizard and can't be opened here.", "Ett sparat utkast skapades av en nyare version av guiden och kan inte öppnas här.";
    StorageTooLarge => "A saved draft is too large to open.", "Ett sparat utkast är för stort för att öppnas.";
    StorageKeptText => "You can start a new draft now. The saved text is kept: download or copy it, then remove it.", "Du kan börja på ett nytt utkast nu. Den sparade texten finns kvar: ladda ned eller kopiera den och ta sedan bort den.";
    DownloadDraft => "Download the saved draft", "Ladda ned det sparade utkastet";
    SavedDraftText => "Saved draft text", "Det sparade utkastets text";
    RemoveUnreadable => "Remove the unreadable draft", "Ta bort det oläsbara utkastet";
    StorageRepaired => "Some values in a saved draft could not be read and were left empty. Check the draft before you submit it.", "Vissa värden i ett sparat utkast kunde inte läsas och lämnades tomma. Kontrollera utkastet innan du skickar det.";
    Dismiss => "Dismiss", "Stäng";
    StorageUnavailable => "Drafts can't be saved: this browser does not allow storage for this site. You can still add a customer, but what you type is lost if you close or reload the page.", "Utkast kan inte sparas: webbläsaren tillåter inte lagring för den här webbplatsen. Du kan fortfarande lägga till en kund, men det du skriver försvinner om du stänger eller läser in sidan igen.";
    StorageFull => "Your draft could not be saved: the browser's storage for this site is full. Download a copy, or discard drafts you no longer need.", "Utkastet kunde inte sparas: webbläsarens lagring för den här webbplatsen är full. Ladda ned en kopia eller ta bort utkast som du inte längre behöver.";
    DownloadCurrentDraft => "Download this draft", "Ladda ned det här utkastet";
    ChangedElsewhere => "This draft was changed in another tab or window (saved {time}). So that nothing is overwritten, changes here are not saved.", "Utkastet ändrades i en annan flik eller ett annat fönster (sparat {time}). För att inget ska skrivas över sparas inte ändringar här.";
    RemovedElsewhere => "This draft was submitted or discarded in another tab or window. Changes here are not saved.", "Utkastet skickades eller togs bort i en annan flik eller ett annat fönster. Ändringar här sparas inte.";
    LoadNewer => "Load the newer draft", "Läs in det nyare utkastet";
    KeepMine => "Keep this tab's version", "Behåll versionen i den här fliken";
    SubmitRetrying => "No answer from the server. Trying again in {seconds} s…", "Inget svar från servern. Försöker igen om {seconds} s…";
    SubmitBusy => "The server is busy. Trying again in {seconds} s…", "Servern är upptagen. Försöker igen om {seconds} s…";
    SubmitOffline => "You are offline. The customer will be submitted when the connection is back; your draft is saved.", "Du är offline. Kunden skickas när anslutningen är tillbaka; ditt utkast är sparat.";
    SubmitUnreachable => "The server could not be reached. Your draft is kept, and Submit tries the same request again, so the customer is never added twice.", "Servern gick inte att nå. Ditt utkast finns kvar, och Skicka försöker igen med samma begäran, så kunden läggs aldrig till två gånger.";
    SubmitPartnerCenterUnavailable => "Partner Center could not be reached. Your draft is kept, and Submit tries the same request again, so the customer is never added twice.", "Partner Center gick inte att nå. Ditt utkast finns kvar, och Skicka försöker igen med samma begäran, så kunden läggs aldrig till två gånger.";
    SubmitPartnerCenterSignIn => "The server could not sign in to Partner Center. Your draft is kept; ask your administrator to check the server's Partner Center credentials, then try again.", "Servern kunde inte logga in i Partner Center. Ditt utkast finns kvar; be din administratör kontrollera serverns inloggningsuppgifter för Partner Center och försök sedan igen.";
    SubmitChangedAfterUnknown => "An earlier submit of this draft got no answer and the draft has changed since, so the customer may already be added. Check the customer list before you submit again.", "En tidigare sändning av utkastet fick inget svar och utkastet har ändrats sedan dess, så kunden kan redan vara tillagd. Kontrollera kundlistan innan du skickar igen.";
    // Domain messages (codes from the domain crate)
    MsgRequired => "Enter {field}", "Ange {field}";
    MsgSelectRequired => "Select {field}", "Välj {field}";
    MsgTooLong => "{field} must be {max} characters or fewer", "{field} får vara högst {max} tecken";
    MsgInvalidEmail => "Enter an email address in the correct format, like name@example.com", "Ange en e-postadress i rätt format, till exempel namn@exempel.se";
    MsgInvalidPhone => "Enter a phone number, like +1 425 555 0100", "Ange ett telefonnummer, till exempel +46 8 123 456 78";
    MsgInvalidDomainPrefix => "The domain name can only contain letters a–z and digits", "Domännamnet får bara innehålla bokstäverna a–z och siffror";
    MsgDomainTaken => "This domain is already in use. If the company is already a Microsoft customer, request a relationship instead.", "Domänen används redan. Om företaget redan är Microsoft-kund begär du en relation i stället.";
    MsgInvalidCountry => "Select a country or region from the list", "Välj ett land eller en region i listan";
    MsgCountryNotAllowed => "You can't add customers in this country or region", "Du kan inte lägga till kunder i det här landet eller regionen";
    MsgInvalidPostalCode => "Enter a valid postal code", "Ange ett giltigt postnummer";
    MsgInvalidPostalCodeExample => "Enter a valid postal code, like {example}", "Ange ett giltigt postnummer, till exempel {example}";
    MsgInvalidState => "Select a state or province from the list", "Välj en delstat eller provins i listan";
    MsgInvalidOrgNumber => "Enter the organization registration number in the country's format", "Ange organisationsnumret i landets format";
    MsgInvalidDate => "Enter a real date", "Ange ett giltigt datum";
    MsgDateInFuture => "The date of acceptance must be today or in the past", "Datumet för godkännande måste vara i dag eller tidigare";
    MsgAgreementNotAccepted => "Confirm that the customer has accepted the Microsoft Customer Agreement", "Bekräfta att kunden har godkänt Microsoft-kundavtalet";
    MsgExampleEmailDomain => "Use the customer's real email address; example.com addresses cannot receive mail", "Använd kundens riktiga e-postadress; adresser på example.com kan inte ta emot e-post";
    MsgTestName => "Use real details, not test names like \"test\" or \"demo\"", "Använd riktiga uppgifter, inte testnamn som \"test\" eller \"demo\"";
    MsgAcronym => "This looks like an acronym or short form. Use the exact legal name, or confirm that this is it.", "Det här ser ut som en förkortning eller kortform. Använd det exakta juridiska namnet, eller bekräfta att det är det.";
    MsgInvalidQuantity => "Enter the number of licenses as a whole number", "Ange antalet licenser som ett heltal";
    MsgQuantityNotAllowed => "Partner Center does not allow this number of licenses for this offer. Enter another number.", "Partner Center tillåter inte det här antalet licenser för erbjudandet. Ange ett annat antal.";
    MsgQuantityOutOfRange => "Enter between {min} and {max} licenses", "Ange mellan {min} och {max} licenser";
    MsgUnknownOffer => "This offer is not available", "Erbjudandet är inte tillgängligt";
    MsgDuplicateOffer => "This offer is already selected", "Erbjudandet är redan valt";
    MsgMissingPrerequisite => "This add-on needs {offers} in the same order", "Tillägget kräver {offers} i samma beställning";
    MsgNoSubscriptions => "Select at least one offer", "Välj minst ett erbjudande";
    MsgResellerRequired => "Select the indirect reseller", "Välj den indirekta återförsäljaren";
    MsgUnknownReseller => "Select a reseller from the list", "Välj en återförsäljare i listan";
    MsgResellerWithoutPartnerAgreement => "This reseller has not signed the Microsoft Partner Agreement, so Partner Center takes no orders through it. Choose another reseller, or ask this one to sign it.", "Den här återförsäljaren har inte skrivit under Microsoft Partner Agreement, så Partner Center tar inte emot beställningar via den. Välj en annan återförsäljare eller be den här att skriva under avtalet.";
    MsgInvalidCharacters => "Remove line breaks, tabs and other control or text-direction characters", "Ta bort radbrytningar, tabbar och andra styr- eller textriktningstecken";
    MsgInvalidCulture => "Choose a culture this country supports", "Välj en kultur som landet stöder";
    MsgInvalidLanguage => "Choose a language this country supports", "Välj ett språk som landet stöder";
    MsgTooManyLineItems => "An order can hold at most {max} subscriptions; submit the rest as another order", "En order kan ha högst {max} prenumerationer; lägg resten i en ny order";
    MsgInvalidBillingCycle => "These offers have no billing cycle in common; order them separately", "Erbjudandena har ingen gemensam faktureringsperiod; beställ dem var för sig";
}

/// Replaces `{name}` placeholders.
/// `many`, or `one` when `n` is 1: the plural rule of both languages here.
pub fn counted(locale: Locale, n: usize, one: Key, many: Key) -> &'static str {
    text(locale, if n == 1 { one } else { many })
}

pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

/// A domain-crate message in the user's language. `field` is the field's
/// label, lower-cased into the sentence where the language does that.
/// `is_choice`: the field is picked from a list ("Select …" rather than "Enter …").
pub fn message(locale: Locale, message: &Message, field: &str, is_choice: bool) -> String {
    let t = |k| text(locale, k);
    let field_in_sentence = customer_domain::text::to_lowercase(field);
    match message {
        Message::Required if is_choice => fill(t(Key::MsgSelectRequired), &[("field", &field_in_sentence)]),
        Message::Required => fill(t(Key::MsgRequired), &[("field", &field_in_sentence)]),
        Message::TooLong { max } => fill(t(Key::MsgTooLong), &[("field", field), ("max", &max.to_string())]),
        Message::InvalidEmail => t(Key::MsgInvalidEmail).into(),
        Message::InvalidPhone => t(Key::MsgInvalidPhone).into(),
        Message::InvalidDomainPrefix => t(Key::MsgInvalidDomainPrefix).into(),
        Message::DomainTaken => t(Key::MsgDomainTaken).into(),
        Message::InvalidCountry => t(Key::MsgInvalidCountry).into(),
        Message::CountryNotAllowed => t(Key::MsgCountryNotAllowed).into(),
        Message::InvalidPostalCode { example: Some(example) } => {
            fill(t(Key::MsgInvalidPostalCodeExample), &[("example", example)])
        }
        Message::InvalidPostalCode { example: None } => t(Key::MsgInvalidPostalCode).into(),
        Message::InvalidState => t(Key::MsgInvalidState).into(),
        Message::InvalidOrganizationRegistrationNumber => t(Key::MsgInvalidOrgNumber).into(),
        Message::InvalidDate => t(Key::MsgInvalidDate).into(),
        Message::DateInFuture => t(Key::MsgDateInFuture).into(),
        Message::AgreementNotAccepted => t(Key::MsgAgreementNotAccepted).into(),
        Message::TestName => t(Key::MsgTestName).into(),
        Message::ExampleEmailDomain => t(Key::MsgExampleEmailDomain).into(),
        Message::AcronymOrShortForm => t(Key::MsgAcronym).into(),
        Message::InvalidQuantity => t(Key::MsgInvalidQuantity).into(),
        Message::QuantityNotAllowed => t(Key::MsgQuantityNotAllowed).into(),
        Message::QuantityOutOfRange { min, max } => {
            fill(t(Key::MsgQuantityOutOfRange), &[("min", &min.to_string()), ("max", &max.to_string())])
        }
        Message::UnknownOffer => t(Key::MsgUnknownOffer).into(),
        Message::DuplicateOffer => t(Key::MsgDuplicateOffer).into(),
        Message::MissingPrerequisite { offer_ids } => {
            fill(t(Key::MsgMissingPrerequisite), &[("offers", &offer_ids.join(", "))])
        }
        Message::NoSubscriptions => t(Key::MsgNoSubscriptions).into(),
        Message::ResellerRequired => t(Key::MsgResellerRequired).into(),
        Message::UnknownReseller => t(Key::MsgUnknownReseller).into(),
        Message::ResellerWithoutPartnerAgreement => t(Key::MsgResellerWithoutPartnerAgreement).into(),
        Message::InvalidCharacters => t(Key::MsgInvalidCharacters).into(),
        Message::InvalidCulture => t(Key::MsgInvalidCulture).into(),
        Message::InvalidLanguage => t(Key::MsgInvalidLanguage).into(),
        Message::TooManyLineItems { max } => fill(t(Key::MsgTooManyLineItems), &[("max", &max.to_string())]),
        Message::InvalidBillingCycle => t(Key::MsgInvalidBillingCycle).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_one_take_the_singular() {
        let more = |locale, n: usize| fill(counted(locale, n, Key::ShowMoreCustomersOne, Key::ShowMoreCustomers), &[("count", &n.to_string())]);
        assert_eq!(more(Locale::EnUs, 1), "Show 1 more customer");
        assert_eq!(more(Locale::EnUs, 2), "Show 2 more customers");
        assert_eq!(more(Locale::EnUs, 0), "Show 0 more customers");
        assert_eq!(more(Locale::SvSe, 1), "Visa 1 kund till");
        assert_eq!(more(Locale::SvSe, 50), "Visa 50 kunder till");
    }

    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)).collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_key_has_text_in_every_language_with_the_same_placeholders() {
        for key in Key::ALL {
            let en = text(Locale::EnUs, *key);
            let sv = text(Locale::SvSe, *key);
            assert!(!en.trim().is_empty(), "{key:?} has no en-US text");
            assert!(!sv.trim().is_empty(), "{key:?} has no sv-SE text");
            assert_eq!(placeholders(en), placeholders(sv), "{key:?} placeholders differ");
        }
    }

    #[test]
    fn every_domain_message_is_worded_without_leftover_placeholders() {
        let messages = [
            Message::Required,
            Message::TooLong { max: 50 },
            Message::InvalidPostalCode { example: Some("98052".into()) },
            Message::InvalidPostalCode { example: None },
            Message::QuantityOutOfRange { min: 1, max: 300 },
            Message::MissingPrerequisite { offer_ids: vec!["Microsoft 365 E3".into()] },
            Message::DomainTaken,
            Message::TestName,
            Message::ExampleEmailDomain,
            Message::AcronymOrShortForm,
            Message::InvalidCharacters,
            Message::InvalidCulture,
            Message::InvalidLanguage,
            Message::TooManyLineItems { max: 100 },
            Message::InvalidBillingCycle,
            Message::ResellerWithoutPartnerAgreement,
            Message::QuantityNotAllowed,
        ];
        for locale in [Locale::EnUs, Locale::SvSe] {
            for m in &messages {
                let worded = message(locale, m, "City", false);
                assert!(!worded.contains('{'), "{locale:?} {m:?}: {worded}");
            }
        }
        assert_eq!(message(Locale::SvSe, &Message::Required, "Ort", false), "Ange ort");
        assert_eq!(message(Locale::EnUs, &Message::TooLong { max: 50 }, "First name", false), "First name must be 50 characters or fewer");
    }

    #[test]
    fn the_swedish_texts_file_reads_back_as_every_key_in_order() {
        let file = swedish_texts_file();
        let texts = read_texts(&file).expect("this build's file");
        assert_eq!(texts.len(), Key::ALL.len());
        for (key, text) in Key::ALL.iter().zip(&texts) {
            assert_eq!(*text, built_in_swedish(*key), "{key:?}");
            assert!(!text.contains(['\n', '\r']), "{key:?}: a text is one line of the file");
        }
        // Keys in another order, another set, or other English texts: another fingerprint.
        assert_ne!(fingerprint(&["A", "a", "B", "b"]), fingerprint(&["B", "b", "A", "a"]));
        assert_ne!(fingerprint(&["A", "ab"]), fingerprint(&["Aa", "b"]));
    }

    #[test]
    fn a_texts_file_of_another_build_or_cut_short_is_refused() {
        let file = swedish_texts_file();
        let (header, body) = file.split_once('\n').unwrap();
        let other = format!("{TEXTS_HEADER}{}\n{body}", FINGERPRINT.wrapping_add(1));
        assert_eq!(read_texts(&other), None, "another build's fingerprint");
        let short: String = file.lines().take(Key::ALL.len()).map(|l| format!("{l}\n")).collect();
        assert_eq!(read_texts(&short), None, "a line short");
        let longer = format!("{file}Extra\n");
        assert_eq!(read_texts(&longer), None, "a line too many");
        let blank = file.replacen(&format!("{}\n", built_in_swedish(Key::ALL[3])), "\n", 1);
        assert_eq!(read_texts(&blank), None, "an empty text");
        assert_eq!(read_texts(body), None, "no header");
        assert_eq!(read_texts(""), None);
        assert_eq!(read_texts(&file.replace('\n', "\r\n")).map(|t| t.len()), Some(Key::ALL.len()), "CRLF line ends read too");
        assert!(header.starts_with(TEXTS_HEADER));
    }

    #[test]
    fn locale_tags_pick_the_closest_language() {
        assert_eq!(Locale::from_tag("sv"), Locale::SvSe);
        assert_eq!(Locale::from_tag("sv-FI"), Locale::SvSe);
        assert_eq!(Locale::from_tag("en-GB"), Locale::EnUs);
        assert_eq!(Locale::from_tag("de-DE"), Locale::EnUs);
    }
}
