/// Name lists for synthetic people, most frequent first (a long tail of rarer names follows the
/// common ones, as in a real population).
enum SyntheticNames {
    static let surnames = [
        "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ",
        "HERNANDEZ", "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN",
        "LEE", "PEREZ", "THOMPSON", "WHITE", "HARRIS", "SANCHEZ", "CLARK", "RAMIREZ", "LEWIS", "ROBINSON",
        "WALKER", "YOUNG", "ALLEN", "KING", "WRIGHT", "SCOTT", "TORRES", "NGUYEN", "HILL", "FLORES",
        "GREEN", "ADAMS", "NELSON", "BAKER", "HALL", "RIVERA", "CAMPBELL", "MITCHELL", "CARTER", "ROBERTS",
        "GOMEZ", "PHILLIPS", "EVANS", "TURNER", "DIAZ", "PARKER", "CRUZ", "EDWARDS", "COLLINS", "REYES",
        "STEWART", "MORRIS", "MORALES", "MURPHY", "COOK", "ROGERS", "GUTIERREZ", "ORTIZ", "MORGAN", "COOPER",
        "PETERSON", "BAILEY", "REED", "KELLY", "HOWARD", "RAMOS", "KIM", "COX", "WARD", "RICHARDSON",
        "WATSON", "BROOKS", "CHAVEZ", "WOOD", "JAMES", "BENNETT", "GRAY", "MENDOZA", "RUIZ", "HUGHES",
        "PRICE", "ALVAREZ", "CASTILLO", "SANDERS", "PATEL", "MYERS", "LONG", "ROSS", "FOSTER", "JIMENEZ",
        "SMYTHE", "SMITHE", "JONSON", "MACDONALD", "MCDONALD", "OCONNOR", "DUBOIS", "NAKAMURA", "OKAFOR", "KOWALSKI",
    ]

    static let maleGivenNames = [
        "JAMES", "JOHN", "ROBERT", "MICHAEL", "WILLIAM", "DAVID", "RICHARD", "JOSEPH", "THOMAS", "CHARLES",
        "CHRISTOPHER", "DANIEL", "MATTHEW", "ANTHONY", "MARK", "DONALD", "STEVEN", "PAUL", "ANDREW", "JOSHUA",
        "KENNETH", "KEVIN", "BRIAN", "GEORGE", "TIMOTHY", "RONALD", "EDWARD", "JASON", "JEFFREY", "RYAN",
        "JACOB", "GARY", "NICHOLAS", "ERIC", "JONATHAN", "STEPHEN", "LARRY", "JUSTIN", "SCOTT", "BRANDON",
        "JOSE", "LUIS", "CARLOS", "JUAN", "MIGUEL", "JON", "JOHNNY", "MIKE", "BOB", "AN",
    ]

    static let femaleGivenNames = [
        "MARY", "PATRICIA", "JENNIFER", "LINDA", "ELIZABETH", "BARBARA", "SUSAN", "JESSICA", "SARAH", "KAREN",
        "LISA", "NANCY", "BETTY", "MARGARET", "SANDRA", "ASHLEY", "KIMBERLY", "EMILY", "DONNA", "MICHELLE",
        "CAROL", "AMANDA", "DOROTHY", "MELISSA", "DEBORAH", "STEPHANIE", "REBECCA", "SHARON", "LAURA", "CYNTHIA",
        "MARIA", "ANA", "ROSA", "CARMEN", "GUADALUPE", "JANE", "JANET", "JULIA", "GRACE", "MAI",
    ]

    static let streets = ["MAIN ST", "OAK AVE", "ELM ST", "PINE ST", "MAPLE DR", "CEDAR LN", "J ST", "BROADWAY", "MISSION ST", "1ST AVE"]
    static let cities = ["SACRAMENTO", "LOS ANGELES", "SAN DIEGO", "FRESNO", "OAKLAND", "DAVIS", "STOCKTON", "RIVERSIDE"]
    static let makes = [("HOND", "CIVIC"), ("TOYT", "CAMRY"), ("FORD", "F150"), ("CHEV", "MALIBU"), ("NISS", "ALTIMA"), ("BMW", "328I"), ("TESL", "MODEL3")]
}
