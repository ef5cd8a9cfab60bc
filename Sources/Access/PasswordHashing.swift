import HummingbirdBcrypt
import Records

/// Passwords are stored only as bcrypt hashes (salted, slow by design).
enum PasswordHashing {
    static func hash(_ password: String, cost: UInt8) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    static func verify(_ password: String, against hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}

/// The records module's ORI check, for agencies registered here.
enum AgencyIdentifierCheck {
    static func problem(with ori: String) -> String? {
        RecordsValidation.agencyProblem(ori)
    }
}
