/// The records module's field checks that other modules apply to their own input.
public enum RecordsValidation {
    /// The problem with an ORI, or nil when it is one.
    public static func agencyProblem(_ ori: String) -> String? {
        AgencyIdentifier.problem(with: ori)
    }
}
