namespace Pneumonia.WebApi;

/// <summary>The app cannot start (a model file that cannot be loaded, a setting out of range); the message says what to configure.</summary>
internal sealed class StartupException(string message, Exception? innerException = null) : Exception(message, innerException);
