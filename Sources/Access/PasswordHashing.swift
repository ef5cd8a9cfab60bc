import HummingbirdBcrypt
import Records

/// Passwords are stored only as bcrypt hashes (salted, slow by design).
enum PasswordHashing {
    static func hash(_ password: String, cost: UInt8) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    static func verify(_ password: String, against hash: String) -> Bool {
        verificationObserver?(hash)
        return Bcrypt.verify(password, hash: hash)
    }

    /// Told of every verification's hash, in the task that set it: how a test proves that a
    /// refusal cost the same bcrypt work as a success without timing it on a noisy machine.
    @TaskLocal static var verificationObserver: (@Sendable (String) -> Void)?
}

/// The records module's ORI check, for agencies registered here.
enum AgencyIdentifierCheck {
    static func problem(with ori: String) -> String? {
        RecordsValidation.agencyProblem(ori)
    }
}
