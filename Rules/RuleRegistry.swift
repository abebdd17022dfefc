import ENLintCore
