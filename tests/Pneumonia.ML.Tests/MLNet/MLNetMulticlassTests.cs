using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pneumonia.ML.Tests.MLNet;

/// <summary>
/// The multi-class classifier as an ML.NET citizen: a key label from <c>MapValueToKey</c>, the multiclass trainer,
/// ML.NET's multiclass columns in the key's order (which is not the model's), ML.NET's own evaluator agreeing with
/// <see cref="PneumoniaClassifier.EvaluateClasses"/>, and mlContext.Model.Save / Load.
/// </summary>
[Collection(MLNetMulticlassCollection.Name)]
public sealed class MLNetMulticlassTests(MLNetMulticlassFixture fixture)
{
    private const double Tolerance = 1e-6;

    [Fact]
    public void The_key_label_trains_a_softmax_model_whose_columns_follow_the_key_order()
    {
        PneumoniaMulticlassTransformer transformer = fixture.Transformer;

        Assert.True(transformer.Classifier.IsMulticlass);
        Assert.Equal(new[] { PneumoniaClasses.BacterialLabel, PneumoniaClassifier.NormalLabel, PneumoniaClasses.ViralLabel }, transformer.Classifier.Classes);
        Assert.Equal(MLNetMulticlassFixture.KeyOrder, transformer.Classes);
        Assert.Equal("Image", transformer.ImageColumnName);

        DataViewSchema schema = fixture.Model.Transform(fixture.Test).Schema;
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3), schema["Score"].Type);
        Assert.Equal(MLNetMulticlassFixture.KeyOrder, Names(schema["Score"], "SlotNames"));
        Assert.Equal(new KeyDataViewType(typeof(uint), 3), schema["PredictedLabel"].Type);
        Assert.Equal(MLNetMulticlassFixture.KeyOrder, Names(schema["PredictedLabel"], "KeyValues"));
    }

    [Fact]
    public void Transform_gives_score_vectors_summing_to_1_in_key_order_and_the_most_probable_class_as_PredictedLabel()
    {
        IDataView scored = fixture.Model.Transform(fixture.Test);
        ClassXRayScore[] rows = fixture.MLContext.Data.CreateEnumerable<ClassXRayScore>(scored, reuseRowObject: false).ToArray();
        string[] names = fixture.MLContext.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel").Fit(scored).Transform(scored)
            .GetColumn<string>("PredictedClass").ToArray();
        PneumoniaClassifier classifier = fixture.Transformer.Classifier;

        Assert.Equal(fixture.TestRows.Length, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            PneumoniaPrediction expected = classifier.Predict(fixture.TestRows[i].Image);
            Assert.Equal(3, rows[i].Score.Length);
            Assert.Equal(1.0, rows[i].Score.Sum(), 1e-5);
            for (int slot = 0; slot < 3; slot++)
            {
                int classIndex = expected.Classes.ToList().IndexOf(MLNetMulticlassFixture.KeyOrder[slot]);
                Assert.Equal(expected.ClassProbabilities[classIndex], rows[i].Score[slot]);
            }
            Assert.Equal(expected.ClassLabel, MLNetMulticlassFixture.KeyOrder[rows[i].PredictedLabel - 1]);
            Assert.Equal(expected.ClassLabel, names[i]);
        }
    }

    [Fact]
    public void MulticlassClassification_Evaluate_gives_the_library_metrics_and_a_3x3_confusion_matrix()
    {
        MulticlassClassificationMetrics ml = fixture.MLContext.MulticlassClassification.Evaluate(fixture.Model.Transform(fixture.Test));
        PneumoniaMulticlassMetrics library = fixture.Transformer.Classifier.EvaluateClasses(Fixtures.SampleTest, PneumoniaClasses.NormalBacterialViral);

        Assert.Equal(3, ml.ConfusionMatrix.NumberOfClasses);
        Assert.Equal(3, ml.ConfusionMatrix.Counts.Count);
        Assert.All(ml.ConfusionMatrix.Counts, row => Assert.Equal(3, row.Count));
        Assert.Equal(fixture.TestRows.Length, (int)ml.ConfusionMatrix.Counts.Sum(row => row.Sum()));
        Assert.Equal(library.MicroAccuracy, ml.MicroAccuracy, Tolerance);
        Assert.Equal(library.MacroAccuracy, ml.MacroAccuracy, Tolerance);
        Assert.Equal(library.LogLoss, ml.LogLoss, Tolerance); // both natural logarithms here
        // ML.NET's rows and columns are in key order, the library's in its sorted class order.
        int[] libraryIndex = MLNetMulticlassFixture.KeyOrder.Select(name => library.Classes.ToList().IndexOf(name)).ToArray();
        for (int actual = 0; actual < 3; actual++)
        {
            for (int predicted = 0; predicted < 3; predicted++)
                Assert.Equal(library.ConfusionMatrix.GetCount(libraryIndex[actual], libraryIndex[predicted]), ml.ConfusionMatrix.Counts[actual][predicted]);
        }
    }

    [Fact]
    public void A_model_saved_with_mlContext_Model_Save_loads_in_a_fresh_MLContext_and_scores_identically()
    {
        string path = Path.Combine(Fixtures.NewTempFolder(), "three-class.zip");
        fixture.MLContext.Model.Save(fixture.Model, fixture.Train.Schema, path);
        ClassXRayScore[] before = Scores(fixture.MLContext, fixture.Model.Transform(fixture.Test));

        var fresh = new MLContext(seed: 1);
        ITransformer loaded = fresh.Model.Load(path, out DataViewSchema inputSchema);
        try
        {
            Assert.Equal("Image", inputSchema["Image"].Name);
            var chain = Assert.IsType<TransformerChain<ITransformer>>(loaded);
            var transformer = Assert.IsType<PneumoniaMulticlassTransformer>(chain.LastTransformer);
            Assert.Equal(MLNetMulticlassFixture.KeyOrder, transformer.Classes);
            Assert.Equal(fixture.Transformer.Classifier.Classes, transformer.Classifier.Classes);

            ClassXRayScore[] after = Scores(fresh, loaded.Transform(fresh.Data.LoadFromEnumerable(MLNetMulticlassFixture.Rows(Fixtures.SampleTest))));
            Assert.Equal(before.Length, after.Length);
            for (int i = 0; i < before.Length; i++)
            {
                Assert.Equal(before[i].Score, after[i].Score);
                Assert.Equal(before[i].PredictedLabel, after[i].PredictedLabel);
            }
        }
        finally
        {
            (loaded as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public void A_prediction_engine_and_a_classifier_made_transformer_give_what_Predict_gives()
    {
        PneumoniaClassifier classifier = fixture.Transformer.Classifier;
        PredictionEngine<ClassXRay, ClassXRayScore> engine = fixture.MLContext.Model.CreatePredictionEngine<ClassXRay, ClassXRayScore>(fixture.Model);
        using PneumoniaMulticlassTransformer sorted = classifier.AsMulticlassTransformer();
        Assert.Equal(classifier.Classes, sorted.Classes);
        ClassXRayScore[] fromSorted = Scores(fixture.MLContext, sorted.Transform(fixture.Test));

        for (int i = 0; i < fixture.TestRows.Length; i++)
        {
            PneumoniaPrediction expected = classifier.Predict(fixture.TestRows[i].Image);
            ClassXRayScore output = engine.Predict(fixture.TestRows[i]);
            Assert.Equal(expected.ClassLabel, MLNetMulticlassFixture.KeyOrder[output.PredictedLabel - 1]);
            Assert.Equal(expected.ClassProbabilities, fromSorted[i].Score);
            Assert.Equal(expected.ClassIndex + 1, (int)fromSorted[i].PredictedLabel);
        }
        sorted.Dispose(); // does not own the classifier
        Assert.Equal(fromSorted[0].Score, classifier.Predict(fixture.TestRows[0].Image).ClassProbabilities);
    }

    [Fact]
    public void A_Boolean_label_is_refused_by_the_multiclass_trainer_and_a_key_label_by_the_binary_one()
    {
        MLContext ml = fixture.MLContext;
        IDataView boolean = ml.Data.LoadFromEnumerable(MLNetFixture.Rows(Fixtures.SampleTest));
        var multiclass = Assert.Throws<InvalidColumnException>(() => ml.MulticlassClassification.Trainers.Pneumonia(fixture.Options).Fit(boolean));
        Assert.Equal("Label", multiclass.ColumnName);
        Assert.Contains("key column", multiclass.Message);
        Assert.Contains("BinaryClassification.Trainers.Pneumonia", multiclass.Message);

        IDataView text = fixture.Test; // class names, not yet a key
        var unmapped = Assert.Throws<InvalidColumnException>(() => ml.MulticlassClassification.Trainers.Pneumonia(fixture.Options).Fit(text));
        Assert.Contains("MapValueToKey", unmapped.Message);

        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(text).Transform(text);
        var binary = Assert.Throws<InvalidColumnException>(() => ml.BinaryClassification.Trainers.Pneumonia(fixture.Options).Fit(keyed));
        Assert.Equal("Label", binary.ColumnName);
        Assert.Contains("MulticlassClassification.Trainers.Pneumonia", binary.Message);
    }

    [Fact]
    public void A_binary_model_refuses_the_multiclass_transformer_and_a_multiclass_model_the_binary_one()
    {
        using PneumoniaClassifier binary = PneumoniaClassifier.LoadDefault();
        var toMulticlass = Assert.Throws<InvalidOperationException>(() => binary.AsMulticlassTransformer());
        Assert.Contains("binary", toMulticlass.Message);
        Assert.Contains("AsTransformer", toMulticlass.Message);

        var toBinary = Assert.Throws<InvalidOperationException>(() => fixture.Transformer.Classifier.AsTransformer());
        Assert.Contains("multi-class", toBinary.Message);
        Assert.Contains("AsMulticlassTransformer", toBinary.Message);
    }

    [Fact]
    public void Options_naming_classes_and_a_key_class_without_rows_are_refused_before_training()
    {
        MLContext ml = fixture.MLContext;
        var named = new PneumoniaTrainingOptions { Classes = PneumoniaClasses.NormalBacterialViral };
        Assert.Throws<ArgumentException>(() => ml.MulticlassClassification.Trainers.Pneumonia(named));

        // The key knows VIRAL (fitted on every row) but the rows trained on have none.
        var keyMapping = ml.Transforms.Conversion.MapValueToKey("Label").Fit(fixture.Test);
        IDataView withoutViral = keyMapping.Transform(ml.Data.LoadFromEnumerable(fixture.TestRows.Where(r => r.Label != PneumoniaClasses.ViralLabel)));
        var missing = Assert.Throws<InvalidDatasetException>(() => ml.MulticlassClassification.Trainers.Pneumonia(fixture.Options).Fit(withoutViral));
        Assert.Contains(PneumoniaClasses.ViralLabel, missing.Message);
    }

    private static ClassXRayScore[] Scores(MLContext ml, IDataView scored) =>
        ml.Data.CreateEnumerable<ClassXRayScore>(scored, reuseRowObject: false).ToArray();

    private static string[] Names(DataViewSchema.Column column, string annotation)
    {
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.Annotations.GetValue(annotation, ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }
}
