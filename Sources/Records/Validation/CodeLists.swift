import Ledger

/// Code tables used when validating NCIC/CLETS style entries.
///
/// Each table maps the code an operator types to what it means, so the same
/// table can both validate a field and explain a code back to the user.
/// Tables whose codes already are their meaning (gun types) are plain sets.
enum CodeLists {
    /// Two-letter USPS codes for the 50 states, the District of Columbia and
    /// the inhabited territories. These are the codes that may begin an ORI.
    static let stateCodes: [String: String] = [
        "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
        "CA": "California", "CO": "Colorado", "CT": "Connecticut",
        "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
        "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
        "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine",
        "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
        "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri",
        "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
        "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
        "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
        "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
        "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
        "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
        "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
        "WI": "Wisconsin", "WY": "Wyoming",
        "DC": "District of Columbia",
        "AS": "American Samoa", "GU": "Guam",
        "MP": "Northern Mariana Islands", "PR": "Puerto Rico",
        "VI": "U.S. Virgin Islands",
    ]

    /// Issuers of licence plates that are not US states or territories.
    private static let nonStatePlateIssuers: [String: String] = [
        "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba",
        "NB": "New Brunswick", "NL": "Newfoundland and Labrador",
        "NS": "Nova Scotia", "NT": "Northwest Territories", "NU": "Nunavut",
        "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
        "SK": "Saskatchewan", "YT": "Yukon",
        "MX": "Mexico",
        "US": "United States government",
    ]

    /// Every code that may appear as a licence plate's issuing state.
    /// Built from `stateCodes` so the two lists cannot drift apart.
    static let plateStateCodes: [String: String] = stateCodes.merging(
        nonStatePlateIssuers,
        uniquingKeysWith: { stateName, _ in stateName }
    )

    static let vehicleColors: [String: String] = [
        "AME": "amethyst", "BGE": "beige", "BLK": "black", "BLU": "blue",
        "BRO": "brown", "BRZ": "bronze", "CAM": "camouflage", "COM": "chrome",
        "CPR": "copper", "CRM": "cream", "DBL": "dark blue",
        "DGR": "dark green", "GLD": "gold", "GRN": "green", "GRY": "gray",
        "LAV": "lavender", "LBL": "light blue", "LGR": "light green",
        "MAR": "maroon", "MUL": "multicolored", "MVE": "mauve",
        "ONG": "orange", "PLE": "purple", "PNK": "pink", "RED": "red",
        "SIL": "silver", "TAN": "tan", "TEA": "teal", "TPE": "taupe",
        "TRQ": "turquoise", "WHI": "white", "YEL": "yellow",
    ]

    static let eyeColors: [String: String] = [
        "BLK": "black", "BLU": "blue", "BRO": "brown", "GRN": "green",
        "GRY": "gray", "HAZ": "hazel", "MAR": "maroon", "MUL": "multicolored",
        "PNK": "pink", "XXX": "unknown",
    ]

    static let hairColors: [String: String] = [
        "BAL": "bald", "BLK": "black", "BLN": "blond or strawberry",
        "BLU": "blue", "BRO": "brown", "GRN": "green",
        "GRY": "gray or partially gray", "ONG": "orange", "PLE": "purple",
        "PNK": "pink", "RED": "red or auburn", "SDY": "sandy",
        "WHI": "white", "XXX": "unknown",
    ]

    static let sexCodes: [String: String] = [
        "M": "male",
        "F": "female",
        "X": "neither male nor female",
        "U": "unknown",
    ]

    static let raceCodes: [String: String] = [
        "A": "Asian or Pacific Islander",
        "B": "Black",
        "I": "American Indian or Alaska Native",
        "U": "unknown",
        "W": "White",
    ]

    static let plateTypes: [String: String] = [
        "PC": "passenger",
        "TK": "truck",
        "MC": "motorcycle",
        "TL": "trailer",
        "CM": "commercial",
        "DL": "dealer",
        "GV": "government",
        "AM": "amateur radio",
        "DV": "disabled veteran",
        "XX": "unknown",
    ]

    /// Conditions a court can attach to a protective order. The codes are
    /// two-digit strings, so "7" is not a valid spelling of "07".
    static let protectiveOrderConditions: [String: String] = [
        "01": "no abuse or threats",
        "02": "no threats to family",
        "03": "protected person keeps the residence",
        "04": "stay away",
        "05": "no contact",
        "06": "visitation allowed",
        "07": "no firearms",
        "08": "see remarks",
        "09": "temporary custody",
    ]

    static let licenceClasses: [String: String] = [
        "A": "combination vehicles",
        "B": "heavy single vehicles",
        "C": "other vehicles",
        "M": "motorcycles",
    ]

    static let gunTypes: Set<String> = [
        "PISTOL", "REVOLVER", "RIFLE", "SHOTGUN", "DERRINGER", "MACHINE-GUN",
        "OTHER",
    ]
}
