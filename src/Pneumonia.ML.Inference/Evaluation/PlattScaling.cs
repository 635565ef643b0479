namespace Pneumonia.ML.Evaluation;

/// <summary>
/// Platt scaling (Platt 1999; Niculescu-Mizil and Caruana 2005): calibrated probability = σ(slope · logit + intercept),
/// the slope and intercept fitted by maximum likelihood on held-out logits. A slope below 1 tempers an overconfident
/// network; the intercept moves the prevalence it assumes. The targets are Platt's smoothed ones, (N₊ + 1) / (N₊ + 2)
/// and 1 / (N₋ + 2), so that well-separated scores give a finite slope instead of one that grows without end.
/// </summary>
internal static class PlattScaling
{
    /// <returns>The fitted slope and intercept; (1, 0) when a class is missing.</returns>
    public static (double Slope, double Intercept) Fit(IReadOnlyList<bool> labels, IReadOnlyList<float> logits)
    {
        int positives = labels.Count(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return (1, 0);
        double high = (positives + 1.0) / (positives + 2.0), low = 1.0 / (negatives + 2.0);
        double[] targets = labels.Select(l => l ? high : low).ToArray();

        double a = 1, b = 0;
        double loss = Loss(logits, targets, a, b);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            // Gradient and Hessian of the mean negative log-likelihood in (a, b).
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < logits.Count; i++)
            {
                double z = logits[i], p = Sigmoid(a * z + b), r = p - targets[i], w = p * (1 - p);
                ga += r * z; gb += r; haa += w * z * z; hab += w * z; hbb += w;
            }
            int n = logits.Count;
            ga /= n; gb /= n; haa = haa / n + 1e-12; hab /= n; hbb = hbb / n + 1e-12;
            double determinant = haa * hbb - hab * hab;
            if (Math.Abs(ga) < 1e-10 && Math.Abs(gb) < 1e-10) break;
            double da = determinant > 1e-18 ? (hbb * ga - hab * gb) / determinant : ga;
            double db = determinant > 1e-18 ? (haa * gb - hab * ga) / determinant : gb;

            double step = 1;
            double newLoss;
            while ((newLoss = Loss(logits, targets, a - step * da, b - step * db)) > loss && step > 1e-8) step /= 2;
            if (newLoss > loss) break;
            a -= step * da;
            b -= step * db;
            bool converged = loss - newLoss < 1e-12;
            loss = newLoss;
            if (converged) break;
        }
        return (a, b);
    }

    /// <summary>σ(slope · logit + intercept).</summary>
    public static float Apply(float logit, double slope, double intercept) => (float)Sigmoid(slope * logit + intercept);

    private static double Loss(IReadOnlyList<float> logits, double[] targets, double a, double b)
    {
        double sum = 0;
        for (int i = 0; i < logits.Count; i++)
        {
            double s = a * logits[i] + b;
            // −[t log σ(s) + (1 − t) log(1 − σ(s))] = softplus(s) − t·s, computed without overflow.
            double softplus = s > 0 ? s + double.LogP1(Math.Exp(-s)) : double.LogP1(Math.Exp(s));
            sum += softplus - targets[i] * s;
        }
        return sum / logits.Count;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
