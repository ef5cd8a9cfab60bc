/// What a password must be: at least eight characters, at most 72 bytes (bcrypt reads no
/// further, so a longer one would let a different tail log in), not one of the passwords
/// attackers try first, and not the user's own id.
public enum PasswordPolicy {
    public static let minimumLength = 8
    /// bcrypt's limit, in UTF-8 bytes.
    public static let maximumBytes = 72

    /// The problem with `password`, or nil when it is acceptable.
    public static func problem(with password: String, userID: String) -> String? {
        if password.count < minimumLength { return "a password has at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "a password has at most \(maximumBytes) bytes (UTF-8); this one has \(password.utf8.count)" }
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "a password holds no control characters" }
        let lowered = password.lowercased()
        if CommonPasswords.list.contains(lowered) { return "that password is among the most common ones; choose another" }
        if lowered.contains(userID.lowercased()) { return "a password must not contain the user id" }
        if Set(password).count < 4 { return "a password needs at least four different characters" }
        return nil
    }
}

/// The passwords most often found in breaches (lower-cased), refused outright.
enum CommonPasswords {
    static let list: Set<String> = [
        "123456", "123456789", "12345678", "password", "qwerty", "qwerty123", "1q2w3e4r", "12345", "123123", "111111",
        "1234567890", "1234567", "abc123", "password1", "password123", "iloveyou", "000000", "qwertyuiop", "123321",
        "dragon", "monkey", "sunshine", "princess", "football", "baseball", "welcome", "welcome1", "admin", "admin123",
        "administrator", "letmein", "login", "master", "passw0rd", "p@ssw0rd", "p@ssword", "trustno1", "shadow",
        "superman", "batman", "michael", "jennifer", "hunter2", "charlie", "jordan23", "starwars", "whatever",
        "freedom", "mustang", "access", "secret", "secret123", "654321", "987654321", "11111111", "22222222",
        "88888888", "12341234", "asdfghjkl", "asdfasdf", "zxcvbnm", "zxcvbnm123", "qazwsx", "1qaz2wsx", "q1w2e3r4",
        "changeme", "changeme123", "default", "root", "toor", "guest", "test", "test1234", "testtest", "user",
        "police", "police123", "sheriff", "officer1", "badge123", "justice1", "blotter", "blotter1", "ncic1234",
        "clets123", "summer2024", "winter2024", "spring2025", "autumn2025", "summer2025", "winter2025", "summer2026",
        "winter2026", "password2024", "password2025", "password2026", "abcd1234", "abcdefgh", "aaaaaaaa", "qwerty12",
        "iloveyou1", "lovely", "loveme", "flower", "computer", "internet", "pokemon", "cheese", "killer", "pepper",
        "ginger", "hello123", "helloworld", "maggie", "buster", "soccer", "hockey", "thomas", "robert", "daniel",
    ]
}
