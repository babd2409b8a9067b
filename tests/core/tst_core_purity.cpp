// core/ must stay pure C++: no Qt header may be included anywhere under it (ARCHITECTURE.md).
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

class TestCorePurity : public QObject {
    Q_OBJECT
private slots:
    void coreIncludesNoQtHeader() {
        const QString coreDir = QStringLiteral(RL_SOURCE_DIR "/core");
        const QRegularExpression qtInclude(QStringLiteral("^\\s*#\\s*include\\s*[<\"](Q[A-Za-z]|qt[a-z]*/)"),
                                           QRegularExpression::MultilineOption);
        int filesChecked = 0;
        QDirIterator it(coreDir, {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            QVERIFY2(!qtInclude.match(text).hasMatch(), qPrintable(path + QStringLiteral(" includes Qt")));
            ++filesChecked;
        }
        QVERIFY2(filesChecked > 5, "the check found almost no core files: is RL_SOURCE_DIR right?");
    }
};

QTEST_GUILESS_MAIN(TestCorePurity)
#include "tst_core_purity.moc"
