//! The seeded catalogue: offers (a realistic default set, or the default set
//! plus generated marketplace offers for scale tests) and indirect resellers.
//! Everything is deterministic so tests and demos see the same data on every run.

use customer_domain::wire::INDIRECT_RESELLER_RELATIONSHIP;
use customer_domain::catalog::{Link, Offer, OfferCategory, OfferLinks, OfferProduct, Relationship};
use sha2::{Digest, Sha256};

/// Which offer set to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogSize {
    /// About 50 Microsoft 365, Dynamics 365, Power Platform, Azure and Windows offers.
    Default,
    /// The default set plus generated marketplace offers: at least 10,000.
    Large,
}

pub const LARGE_CATALOG_MIN: usize = 10_000;

/// The offers in every supported locale. Descriptions and category names are
/// localized; product names stay as Microsoft ships them.
pub struct Catalog {
    english: Vec<Offer>,
    swedish: Vec<Offer>,
}

impl Catalog {
    pub fn build(size: CatalogSize) -> Self {
        let mut english = Vec::new();
        let mut swedish = Vec::new();
        for (rank, spec) in DEFAULT_OFFERS.iter().enumerate() {
            english.push(spec.offer(rank as u32, Locale::English));
            swedish.push(spec.offer(rank as u32, Locale::Swedish));
        }
        if size == CatalogSize::Large {
            let generated = marketplace_offers(LARGE_CATALOG_MIN - english.len(), english.len() as u32);
            english.extend(generated.iter().cloned());
            swedish.extend(generated);
        }
        Self { english, swedish }
    }

    /// Offers for an `X-Locale` value; unknown locales get English.
    pub fn for_locale(&self, locale: &str) -> &[Offer] {
        if locale.to_ascii_lowercase().starts_with("sv") { &self.swedish } else { &self.english }
    }

    /// The locale-independent view the submit validation uses.
    pub fn offers(&self) -> &[Offer] {
        &self.english
    }
}

#[derive(Clone, Copy)]
enum Locale {
    English,
    Swedish,
}

#[derive(Clone, Copy)]
enum Category {
    Productivity,
    Security,
    Collaboration,
    BusinessApps,
    PowerPlatform,
    Azure,
    Windows,
}

impl Category {
    fn resource(self, locale: Locale) -> OfferCategory {
        let (id, en, sv, rank) = match self {
            Category::Productivity => ("productivity", "Productivity", "Produktivitet", 1),
            Category::Security => ("security", "Security and compliance", "Säkerhet och efterlevnad", 2),
            Category::Collaboration => ("collaboration", "Collaboration and voice", "Samarbete och telefoni", 3),
            Category::BusinessApps => ("businessApps", "Business applications", "Affärsprogram", 4),
            Category::PowerPlatform => ("powerPlatform", "Power Platform", "Power Platform", 5),
            Category::Azure => ("azure", "Cloud platform", "Molnplattform", 6),
            Category::Windows => ("windows", "Windows and devices", "Windows och enheter", 7),
        };
        let name = match locale { Locale::English => en, Locale::Swedish => sv };
        OfferCategory { id: id.into(), name: name.into(), rank }
    }
}

struct OfferSpec {
    /// Product id in Partner Center's new-commerce shape (`CFQ7TTC0xxxx`).
    product_id: &'static str,
    name: &'static str,
    category: Category,
    min: u32,
    max: u32,
    en: &'static str,
    sv: &'static str,
    /// Product ids of the base offers this add-on needs (one of them).
    prerequisites: &'static [&'static str],
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    License,
    Usage,
    Trial,
}

macro_rules! offer {
    ($id:literal, $name:literal, $cat:ident, $min:literal..$max:literal, $en:literal, $sv:literal) => {
        OfferSpec { product_id: $id, name: $name, category: Category::$cat, min: $min, max: $max, en: $en, sv: $sv, prerequisites: &[], kind: Kind::License }
    };
    ($id:literal, $name:literal, $cat:ident, $min:literal..$max:literal, $en:literal, $sv:literal, addon_of $pre:expr) => {
        OfferSpec { product_id: $id, name: $name, category: Category::$cat, min: $min, max: $max, en: $en, sv: $sv, prerequisites: $pre, kind: Kind::License }
    };
    ($id:literal, $name:literal, $cat:ident, $min:literal..$max:literal, $en:literal, $sv:literal, kind $kind:ident) => {
        OfferSpec { product_id: $id, name: $name, category: Category::$cat, min: $min, max: $max, en: $en, sv: $sv, prerequisites: &[], kind: Kind::$kind }
    };
}

const BUSINESS_BASIC: &str = "CFQ7TTC0LH18";
const BUSINESS_STANDARD: &str = "CFQ7TTC0LDPB";
const BUSINESS_PREMIUM: &str = "CFQ7TTC0LCHC";
const M365_E3: &str = "CFQ7TTC0LFLX";
const M365_E5: &str = "CFQ7TTC0LFLZ";
const O365_E3: &str = "CFQ7TTC0LF8Q";
const EXCHANGE_P1: &str = "CFQ7TTC0LH16";
const EXCHANGE_P2: &str = "CFQ7TTC0LH1G";
const TEAMS_ENTERPRISE: &str = "CFQ7TTC0MBMD";
const SUITES: &[&str] = &[BUSINESS_BASIC, BUSINESS_STANDARD, BUSINESS_PREMIUM, M365_E3, M365_E5, O365_E3];
const COPILOT_BASES: &[&str] = &[BUSINESS_BASIC, BUSINESS_STANDARD, BUSINESS_PREMIUM, M365_E3, M365_E5, O365_E3];
const MAILBOX_BASES: &[&str] = &[EXCHANGE_P1, EXCHANGE_P2, BUSINESS_BASIC, BUSINESS_STANDARD, BUSINESS_PREMIUM, O365_E3, M365_E3];
const ENTERPRISE_BASES: &[&str] = &[M365_E3, O365_E3];
const TEAMS_BASES: &[&str] = &[BUSINESS_BASIC, BUSINESS_STANDARD, BUSINESS_PREMIUM, M365_E3, M365_E5, O365_E3, TEAMS_ENTERPRISE];
const D365_SALES_ENTERPRISE: &str = "CFQ7TTC0LH0R";
const BC_ESSENTIALS: &str = "CFQ7TTC0LH8J";
const BC_PREMIUM: &str = "CFQ7TTC0LHQ3";

const DEFAULT_OFFERS: &[OfferSpec] = &[
    offer!("CFQ7TTC0LH18", "Microsoft 365 Business Basic", Productivity, 1..300, "Web and mobile Office apps, Teams, email and 1 TB of cloud storage per user.", "Office-appar för webb och mobil, Teams, e-post och 1 TB molnlagring per användare."),
    offer!("CFQ7TTC0LDPB", "Microsoft 365 Business Standard", Productivity, 1..300, "Desktop Office apps plus business email, Teams and cloud storage.", "Office-appar för datorn samt företagsmejl, Teams och molnlagring."),
    offer!("CFQ7TTC0LCHC", "Microsoft 365 Business Premium", Productivity, 1..300, "Business Standard plus advanced security and device management.", "Business Standard med avancerat säkerhetsskydd och enhetshantering."),
    offer!("CFQ7TTC0LH1P", "Microsoft 365 Apps for business", Productivity, 1..300, "Desktop versions of Word, Excel, PowerPoint and Outlook with OneDrive.", "Datorversioner av Word, Excel, PowerPoint och Outlook med OneDrive."),
    offer!("CFQ7TTC0LH1H", "Microsoft 365 Apps for enterprise", Productivity, 1..10000, "Office desktop apps for large organisations, with enterprise deployment tools.", "Office-appar för stora organisationer, med verktyg för central distribution."),
    offer!("CFQ7TTC0LFLX", "Microsoft 365 E3", Productivity, 1..10000, "Office apps, Windows Enterprise, security and compliance for the enterprise.", "Office-appar, Windows Enterprise, säkerhet och efterlevnad för storföretag."),
    offer!("CFQ7TTC0LFLZ", "Microsoft 365 E5", Productivity, 1..10000, "E3 plus advanced security, analytics and voice capabilities.", "E3 med avancerad säkerhet, analys och telefoni."),
    offer!("CFQ7TTC0LGZT", "Microsoft 365 F1", Productivity, 1..10000, "Teams, SharePoint and OneDrive for frontline workers.", "Teams, SharePoint och OneDrive för medarbetare i frontlinjen."),
    offer!("CFQ7TTC0LGZW", "Microsoft 365 F3", Productivity, 1..10000, "Web and mobile Office apps and a mailbox for frontline workers.", "Office för webb och mobil samt en brevlåda för medarbetare i frontlinjen."),
    offer!("CFQ7TTC0LF8R", "Office 365 E1", Productivity, 1..10000, "Web versions of Office apps with email, file storage and Teams.", "Webbversioner av Office-apparna med e-post, fillagring och Teams."),
    offer!("CFQ7TTC0LF8Q", "Office 365 E3", Productivity, 1..10000, "Office apps with enterprise email, file storage and compliance.", "Office-appar med e-post, fillagring och efterlevnad för storföretag."),
    offer!("CFQ7TTC0LF8S", "Office 365 E5", Productivity, 1..10000, "Office 365 E3 plus advanced threat protection, analytics and audio conferencing.", "Office 365 E3 med avancerat hotskydd, analys och ljudkonferenser."),
    offer!("CFQ7TTC0LH16", "Exchange Online (Plan 1)", Productivity, 1..10000, "A 50 GB business mailbox per user with calendar and contacts.", "En företagsbrevlåda på 50 GB per användare med kalender och kontakter."),
    offer!("CFQ7TTC0LH1G", "Exchange Online (Plan 2)", Productivity, 1..10000, "A 100 GB mailbox with unlimited archiving and data loss prevention.", "En brevlåda på 100 GB med obegränsad arkivering och dataförlustskydd."),
    offer!("CFQ7TTC0LH0Z", "Exchange Online Kiosk", Productivity, 1..10000, "A 2 GB web mailbox for shared and frontline workers.", "En webbrevlåda på 2 GB för delade arbetsplatser och frontlinjen."),
    offer!("CFQ7TTC0LH1M", "Exchange Online Archiving", Security, 1..10000, "Unlimited cloud archive and legal hold for existing mailboxes.", "Obegränsat molnarkiv och juridiskt bevarande för befintliga brevlådor.", addon_of MAILBOX_BASES),
    offer!("CFQ7TTC0LHSF", "Office 365 Extra File Storage", Productivity, 1..1000000, "Additional SharePoint storage for the organisation, per GB.", "Extra lagringsutrymme i SharePoint för organisationen, per GB.", addon_of SUITES),
    offer!("CFQ7TTC0MBMD", "Microsoft Teams Enterprise", Collaboration, 1..10000, "Chat, meetings and collaboration for enterprise suites without Teams.", "Chatt, möten och samarbete för företagssviter utan Teams."),
    offer!("CFQ7TTC0RM8K", "Microsoft Teams Essentials", Collaboration, 1..300, "Unlimited group meetings, chat and 10 GB of cloud storage per user.", "Obegränsade gruppmöten, chatt och 10 GB molnlagring per användare."),
    offer!("CFQ7TTC0RM7D", "Microsoft Teams Premium", Collaboration, 1..10000, "Intelligent recaps, branded meetings and advanced webinar features.", "Intelligenta sammanfattningar, varumärkesanpassade möten och avancerade webbinarier.", addon_of TEAMS_BASES),
    offer!("CFQ7TTC0LH2H", "Microsoft Teams Phone Standard", Collaboration, 1..10000, "Cloud telephony in Teams: calls to and from phone numbers.", "Molntelefoni i Teams: samtal till och från telefonnummer.", addon_of TEAMS_BASES),
    offer!("CFQ7TTC0LHVP", "Microsoft Teams Rooms Pro", Collaboration, 1..1000, "Licensing for Teams meeting rooms with management and intelligent audio.", "Licens för Teams-mötesrum med central hantering och intelligent ljud."),
    offer!("CFQ7TTC0MM8R", "Microsoft 365 Copilot", Productivity, 1..10000, "AI assistance in Word, Excel, PowerPoint, Outlook and Teams.", "AI-assistans i Word, Excel, PowerPoint, Outlook och Teams.", addon_of COPILOT_BASES),
    offer!("CFQ7TTC0LFK5", "Microsoft 365 E5 Security", Security, 1..10000, "Adds Defender and Entra ID P2 threat protection to Microsoft 365 E3.", "Lägger till hotskydd med Defender och Entra ID P2 i Microsoft 365 E3.", addon_of ENTERPRISE_BASES),
    offer!("CFQ7TTC0LFK6", "Microsoft 365 E5 Compliance", Security, 1..10000, "Adds information protection, eDiscovery and insider risk management to E3.", "Lägger till informationsskydd, eDiscovery och hantering av insiderrisker i E3.", addon_of ENTERPRISE_BASES),
    offer!("CFQ7TTC0LCHL", "Microsoft Defender for Business", Security, 1..300, "Endpoint protection with detection and response for small businesses.", "Slutpunktsskydd med identifiering och åtgärder för mindre företag."),
    offer!("CFQ7TTC0LGSW", "Microsoft Defender for Endpoint P2", Security, 1..10000, "Enterprise endpoint detection and response, threat hunting and analytics.", "Identifiering och åtgärder på slutpunkter, hotjakt och analys för storföretag."),
    offer!("CFQ7TTC0LGSV", "Microsoft Defender for Office 365 (Plan 1)", Security, 1..10000, "Protection against phishing and malicious links and attachments.", "Skydd mot nätfiske och skadliga länkar och bilagor.", addon_of MAILBOX_BASES),
    offer!("CFQ7TTC0LFLR", "Microsoft Entra ID P1", Security, 1..10000, "Conditional access, self-service password reset and hybrid identity.", "Villkorsstyrd åtkomst, självbetjäning för lösenord och hybrididentitet."),
    offer!("CFQ7TTC0LFK9", "Microsoft Entra ID P2", Security, 1..10000, "Entra ID P1 plus identity protection and privileged identity management.", "Entra ID P1 med identitetsskydd och hantering av privilegierade identiteter."),
    offer!("CFQ7TTC0LCHN", "Microsoft Intune Plan 1", Security, 1..10000, "Cloud management for Windows, macOS, iOS and Android devices.", "Molnbaserad hantering av Windows-, macOS-, iOS- och Android-enheter."),
    offer!("CFQ7TTC0LHQF", "Microsoft Purview Information Protection", Security, 1..10000, "Classification, labelling and protection of sensitive documents.", "Klassificering, märkning och skydd av känsliga dokument."),
    offer!("CFQ7TTC0HD33", "Visio Plan 1", Productivity, 1..10000, "Diagramming in the browser with shared templates.", "Diagram i webbläsaren med delade mallar."),
    offer!("CFQ7TTC0HD32", "Visio Plan 2", Productivity, 1..10000, "The full Visio desktop app with advanced diagram templates.", "Den fullständiga Visio-appen med avancerade diagrammallar."),
    offer!("CFQ7TTC0HDB1", "Planner Plan 1", Productivity, 1..10000, "Project planning and task boards in the browser.", "Projektplanering och uppgiftstavlor i webbläsaren."),
    offer!("CFQ7TTC0HDB0", "Planner and Project Plan 3", Productivity, 1..10000, "Project scheduling, resource management and the Project desktop app.", "Tidsplanering, resurshantering och Project-appen för datorn."),
    offer!("CFQ7TTC0HDB2", "Planner and Project Plan 5", Productivity, 1..10000, "Portfolio management and demand planning across projects.", "Portföljhantering och efterfrågeplanering över alla projekt."),
    offer!("CFQ7TTC0LH0R", "Dynamics 365 Sales Enterprise", BusinessApps, 1..10000, "Sales force automation with forecasting and pipeline insights.", "Säljstöd med prognoser och insikter om affärsmöjligheter."),
    offer!("CFQ7TTC0LH0Q", "Dynamics 365 Sales Professional", BusinessApps, 1..10000, "Core sales automation for leads, opportunities and quotes.", "Grundläggande säljstöd för leads, affärsmöjligheter och offerter."),
    offer!("CFQ7TTC0LH2S", "Dynamics 365 Customer Service Enterprise", BusinessApps, 1..10000, "Case management, knowledge base and omnichannel customer service.", "Ärendehantering, kunskapsbas och kundservice i alla kanaler."),
    offer!("CFQ7TTC0LH3N", "Dynamics 365 Field Service", BusinessApps, 1..10000, "Scheduling, dispatch and mobile work orders for field technicians.", "Schemaläggning, utskick och mobila arbetsordrar för servicetekniker."),
    offer!("CFQ7TTC0LH8J", "Dynamics 365 Business Central Essentials", BusinessApps, 1..10000, "Finance, sales, purchasing and inventory for small and mid-sized businesses.", "Ekonomi, försäljning, inköp och lager för små och medelstora företag."),
    offer!("CFQ7TTC0LHQ3", "Dynamics 365 Business Central Premium", BusinessApps, 1..10000, "Business Central Essentials plus manufacturing and service management.", "Business Central Essentials med tillverkning och servicehantering."),
    offer!("CFQ7TTC0LH9D", "Dynamics 365 Business Central Team Members", BusinessApps, 1..10000, "Read access and light tasks for colleagues of full Business Central users.", "Läsbehörighet och enklare uppgifter för kollegor till fullständiga användare.", addon_of &[BC_ESSENTIALS, BC_PREMIUM]),
    offer!("CFQ7TTC0LH3K", "Dynamics 365 Sales Insights", BusinessApps, 1..10000, "Conversation intelligence and predictive scoring for sellers.", "Samtalsanalys och prediktiv poängsättning för säljare.", addon_of &[D365_SALES_ENTERPRISE]),
    offer!("CFQ7TTC0L3PB", "Power BI Pro", PowerPlatform, 1..10000, "Self-service analytics: publish and share reports and dashboards.", "Självbetjäningsanalys: publicera och dela rapporter och instrumentpaneler."),
    offer!("CFQ7TTC0HL8W", "Power BI Premium Per User", PowerPlatform, 1..10000, "Power BI Pro plus paginated reports, AI and larger models.", "Power BI Pro med sidnumrerade rapporter, AI och större modeller."),
    offer!("CFQ7TTC0LHWP", "Power Apps Premium", PowerPlatform, 1..10000, "Build and run unlimited low-code business apps.", "Bygg och kör obegränsat antal lågkodsappar för verksamheten."),
    offer!("CFQ7TTC0LSGZ", "Power Automate Premium", PowerPlatform, 1..10000, "Cloud and desktop flows with process mining.", "Moln- och skrivbordsflöden med processutvinning."),
    offer!("DZH318Z0BPS6", "Azure plan", Azure, 1..1, "Pay-as-you-go access to Azure services, billed on usage.", "Användningsbaserad tillgång till Azure-tjänster.", kind Usage),
    offer!("CFQ7TTC0J203", "Windows 365 Business", Windows, 1..300, "A Cloud PC per user, streamed to any device.", "En molndator per användare som strömmas till valfri enhet."),
    offer!("CFQ7TTC0LGTX", "Windows 11 Enterprise E3", Windows, 1..10000, "Windows Enterprise with advanced security and management features.", "Windows Enterprise med avancerade säkerhets- och hanteringsfunktioner."),
    offer!("CFQ7TTC0LCHD", "Microsoft 365 Business Premium Trial", Productivity, 25..25, "One month free for 25 users; converts to a paid subscription only when bought.", "En gratis månad för 25 användare; blir en betald prenumeration först vid köp.", kind Trial),
];

impl OfferSpec {
    fn offer(&self, rank: u32, locale: Locale) -> Offer {
        let (billing, cycles, unit) = match self.kind {
            Kind::License => ("license", vec!["monthly".to_owned(), "annual".to_owned()], "Licenses"),
            Kind::Usage => ("usage", vec!["monthly".to_owned()], "Usage-based"),
            Kind::Trial => ("none", vec!["none".to_owned()], "Licenses"),
        };
        let is_add_on = !self.prerequisites.is_empty();
        let has_add_ons = DEFAULT_OFFERS.iter().any(|o| o.prerequisites.contains(&self.product_id));
        Offer {
            id: format!("{}:0001", self.product_id),
            name: self.name.to_owned(),
            description: match locale { Locale::English => self.en, Locale::Swedish => self.sv }.to_owned(),
            minimum_quantity: self.min,
            maximum_quantity: self.max,
            rank,
            category: self.category.resource(locale),
            prerequisite_offers: self.prerequisites.iter().map(|p| format!("{p}:0001")).collect(),
            is_add_on,
            has_add_ons,
            is_available_for_purchase: true,
            billing: billing.to_owned(),
            supported_billing_cycles: cycles,
            is_auto_renewable: self.kind != Kind::Trial,
            is_trial: self.kind == Kind::Trial,
            product: Some(OfferProduct { id: self.product_id.to_owned(), name: self.name.to_owned(), unit: unit.to_owned() }),
            unit_type: unit.to_owned(),
            links: Some(OfferLinks { learn_more: Link { uri: format!("https://www.microsoft.com/microsoft-365/{}", slug(self.name)) } }),
        }
    }
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Stable pseudo-random bytes for seeded data.
fn digest(seed: &str) -> [u8; 32] {
    Sha256::digest(seed.as_bytes()).into()
}

fn base36_id(seed: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    digest(seed).iter().take(len).map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// Sample publishers (Microsoft's own fictitious company names) and SaaS
/// products, as third-party marketplace offers look in a real catalogue.
const PUBLISHERS: &[&str] = &[
    "Contoso", "Fabrikam", "Northwind Traders", "Adventure Works", "Tailspin Toys", "Wingtip Toys",
    "Woodgrove", "Litware", "Proseware", "Lucerne Publishing", "Alpine Ski House", "Coho Winery",
    "Fourth Coffee", "Humongous Insurance", "Margie's Travel", "Trey Research", "VanArsdel",
    "Wide World Importers", "Blue Yonder Airlines", "City Power & Light", "Relecloud", "Southridge Video",
    "A. Datum", "Consolidated Messenger", "Graphic Design Institute",
];
const PRODUCTS: &[&str] = &[
    "Backup for Microsoft 365", "Email Security Gateway", "Endpoint Monitoring", "Password Vault",
    "E-Signature", "Project Tracker", "Service Desk", "Cloud PBX", "Mail Archiving", "Call Recording",
    "Contract Management", "Expense Reporting", "HR Onboarding", "Asset Inventory", "Visitor Management",
    "Secure File Transfer", "Compliance Recorder", "Learning Portal", "Field Scheduling", "Intranet Suite",
];
const PLANS: &[(&str, u32)] = &[("Starter", 50), ("Standard", 500), ("Professional", 2000), ("Enterprise", 100000)];
const TERMS: &[&str] = &["monthly", "annual", "triennial", "monthly, annual", "annual, triennial"];

fn marketplace_offers(count: usize, first_rank: u32) -> Vec<Offer> {
    let mut offers = Vec::with_capacity(count);
    'outer: for term in TERMS {
        for publisher in PUBLISHERS {
            for product in PRODUCTS {
                for (plan, max) in PLANS {
                    if offers.len() == count {
                        break 'outer;
                    }
                    let name = format!("{publisher} {product} {plan}");
                    let product_id = format!("DZH318{}", base36_id(&name, 6));
                    let id = format!("{product_id}:{}", base36_id(term, 4));
                    offers.push(Offer {
                        id,
                        name: format!("{name} ({term})"),
                        description: format!("{product} by {publisher}, {plan} plan, billed {term}."),
                        minimum_quantity: 1,
                        maximum_quantity: *max,
                        rank: first_rank + offers.len() as u32,
                        category: OfferCategory { id: "marketplace".into(), name: "Marketplace".into(), rank: 8 },
                        prerequisite_offers: Vec::new(),
                        is_add_on: false,
                        has_add_ons: false,
                        is_available_for_purchase: true,
                        billing: "license".into(),
                        supported_billing_cycles: term.split(", ").map(str::to_owned).collect(),
                        is_auto_renewable: true,
                        is_trial: false,
                        product: Some(OfferProduct { id: product_id, name, unit: "Licenses".into() }),
                        unit_type: "Licenses".into(),
                        links: None,
                    });
                }
            }
        }
    }
    offers
}

const RESELLER_PREFIXES: &[&str] = &[
    "Nordic", "Atlantic", "Summit", "Harbor", "Cedar", "Pinnacle", "Bright", "Crest", "Granite", "Silverline",
    "Evergreen", "Northstar", "Bluewave", "Redwood", "Ironbridge", "Clearview", "Highland", "Riverside",
    "Lakeside", "Meridian", "Polar", "Coastal", "Keystone", "Beacon", "Falcon", "Aurora", "Vertex", "Oakridge",
    "Sterling", "Horizon", "Baltic", "Alder", "Fjord", "Lighthouse", "Cobalt", "Juniper", "Westgate", "Kestrel",
    "Larkspur", "Birchwood",
];
const RESELLER_CORES: &[&str] = &[
    "Cloud", "IT", "Systems", "Networks", "Solutions", "Digital", "Technology Partners", "Data", "Computing",
    "Infotech", "Consulting", "IT Services", "Managed Services", "Software", "Workplace", "Integration",
    "Connect", "Secure IT", "Business Systems", "Tech Group", "Cloud Services", "Datacom", "Informatics",
    "Office Solutions", "IT Partners", "Logic", "Networks Group", "Infrastructure", "Digital Works", "Support",
];
const RESELLER_LOCATIONS: &[(&str, &str, &str)] = &[
    ("Stockholm", "SE", "AB"), ("Gothenburg", "SE", "AB"), ("Malmö", "SE", "AB"), ("Oslo", "NO", "AS"),
    ("Copenhagen", "DK", "ApS"), ("Helsinki", "FI", "Oy"), ("Berlin", "DE", "GmbH"), ("Munich", "DE", "GmbH"),
    ("Vienna", "AT", "GmbH"), ("Zurich", "CH", "AG"), ("Paris", "FR", "SAS"), ("Lyon", "FR", "SAS"),
    ("Amsterdam", "NL", "B.V."), ("Brussels", "BE", "BV"), ("Madrid", "ES", "S.L."), ("Lisbon", "PT", "Lda"),
    ("Milan", "IT", "S.r.l."), ("Warsaw", "PL", "sp. z o.o."), ("London", "GB", "Ltd"), ("Manchester", "GB", "Ltd"),
    ("Dublin", "IE", "Ltd"), ("Seattle", "US", "Inc."), ("Austin", "US", "LLC"), ("Chicago", "US", "Inc."),
    ("Boston", "US", "LLC"), ("Toronto", "CA", "Inc."), ("Vancouver", "CA", "Ltd."), ("Sydney", "AU", "Pty Ltd"),
    ("Auckland", "NZ", "Ltd"), ("São Paulo", "BR", "Ltda."),
];

/// `count` indirect resellers with unique names, tenant ids and MPN ids.
pub fn resellers(count: usize) -> Vec<Relationship> {
    let combos = RESELLER_PREFIXES.len() * RESELLER_CORES.len();
    (0..count)
        .map(|i| {
            // Walk the name grid with a stride coprime to its size so neighbours differ.
            let slot = (i * 7919) % combos;
            let prefix = RESELLER_PREFIXES[slot % RESELLER_PREFIXES.len()];
            let core = RESELLER_CORES[slot / RESELLER_PREFIXES.len()];
            let (city, country, legal_form) = RESELLER_LOCATIONS[i % RESELLER_LOCATIONS.len()];
            let round = i / combos;
            let name = if round == 0 { format!("{prefix} {core} {legal_form}") } else { format!("{prefix} {core} {city} {legal_form}") };
            let bytes = digest(&format!("reseller-{i}"));
            let tenant = uuid::Builder::from_random_bytes(bytes[..16].try_into().expect("16 bytes")).into_uuid();
            Relationship {
                id: tenant.to_string(),
                name,
                relationship_type: INDIRECT_RESELLER_RELATIONSHIP.into(),
                state: "Active".into(),
                mpn_id: (4_100_000 + i as u32 * 37).to_string(),
                location: format!("{city}, {country}"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn default_catalog_is_consistent() {
        let catalog = Catalog::build(CatalogSize::Default);
        let offers = catalog.offers();
        assert!((40..=60).contains(&offers.len()), "{}", offers.len());
        let ids: HashSet<_> = offers.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids.len(), offers.len(), "offer ids are unique");
        for o in offers.iter().filter(|o| o.is_add_on) {
            for p in &o.prerequisite_offers {
                assert!(ids.contains(p.as_str()), "{} needs unknown {p}", o.name);
            }
        }
        assert_eq!(catalog.for_locale("sv-SE")[0].name, offers[0].name);
        assert_ne!(catalog.for_locale("sv-SE")[0].description, offers[0].description);
    }

    #[test]
    fn large_catalog_has_ten_thousand_unique_offers() {
        let catalog = Catalog::build(CatalogSize::Large);
        assert!(catalog.offers().len() >= LARGE_CATALOG_MIN);
        let ids: HashSet<_> = catalog.offers().iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids.len(), catalog.offers().len());
    }

    #[test]
    fn resellers_are_unique_and_deterministic() {
        let list = resellers(1200);
        assert_eq!(list, resellers(1200));
        assert_eq!(list.iter().map(|r| &r.name).collect::<HashSet<_>>().len(), 1200);
        assert_eq!(list.iter().map(|r| &r.mpn_id).collect::<HashSet<_>>().len(), 1200);
        assert_eq!(list.iter().map(|r| &r.id).collect::<HashSet<_>>().len(), 1200);
    }
}
