#include "ui/parameter_editor.h"

#include <nlohmann/json.hpp>

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSlider>

#include <cmath>

namespace rl::ui {

namespace {
constexpr int kSliderSteps = 1000;
}

ParameterEditor::ParameterEditor(const scenario::TunableParameter& parameter, QWidget* parent)
    : QWidget(parent)
    , m_path(QString::fromStdString(parameter.path))
    , m_spec(parameter.spec) {
    setObjectName(QStringLiteral("param:") + m_path);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    setToolTip(QString::fromUtf8(m_spec->meaning.data(), static_cast<qsizetype>(m_spec->meaning.size())) +
               QStringLiteral("\n") + m_path);
    switch (m_spec->type) {
    case scenario::ParameterType::Choice: {
        m_combo = new QComboBox(this);
        for (auto name : scenario::choicesOf(*m_spec))
            m_combo->addItem(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())));
        layout->addWidget(m_combo, 1);
        connect(m_combo, &QComboBox::activated, this, [this] {
            if (!m_quiet)
                Q_EMIT valueCommitted(
                    m_path,
                    QString::fromStdString(nlohmann::json(m_combo->currentText().toStdString()).dump()));
        });
        break;
    }
    case scenario::ParameterType::Boolean:
        m_check = new QCheckBox(this);
        layout->addWidget(m_check, 1);
        connect(m_check, &QCheckBox::toggled, this, [this](bool on) {
            if (!m_quiet)
                Q_EMIT valueCommitted(m_path, on ? QStringLiteral("true") : QStringLiteral("false"));
        });
        break;
    case scenario::ParameterType::Integer:
    case scenario::ParameterType::Real: {
        const bool integer = m_spec->type == scenario::ParameterType::Integer;
        m_slider = new QSlider(Qt::Horizontal, this);
        m_slider->setRange(0, kSliderSteps);
        m_slider->setMinimumWidth(70);
        m_spin = new QDoubleSpinBox(this);
        m_spin->setKeyboardTracking(false); // a value is committed when typing is finished
        m_spin->setDecimals(integer ? 0 : (m_spec->max <= 1.0 ? 3 : 2));
        const double low =
            m_spec->minExclusive && !m_spec->noneAllowed
                ? (integer ? m_spec->min + 1 : m_spec->min + std::pow(10.0, -m_spin->decimals()))
                : m_spec->min;
        m_spin->setRange(low, std::isfinite(m_spec->max) ? m_spec->max : 1e12);
        if (m_spec->noneAllowed) m_spin->setSpecialValueText(tr("none")); // the minimum means "no limit"
        m_spin->setMinimumWidth(120);
        const double bottom = std::max(m_spec->min, m_spec->minExclusive ? 0.0 : m_spec->min);
        m_logScale = m_spec->sliderMax / std::max(1.0, bottom) > 500;
        layout->addWidget(m_slider, 1);
        layout->addWidget(m_spin);
        if (!m_spec->unit.empty())
            m_spin->setSuffix(
                QStringLiteral(" ") +
                QString::fromUtf8(m_spec->unit.data(), static_cast<qsizetype>(m_spec->unit.size())));
        connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
            if (m_quiet) return;
            const QSignalBlocker block(m_spin);
            m_spin->setValue(sliderValue(position)); // shown while dragging, committed on release
        });
        connect(m_slider, &QSlider::sliderReleased, this, [this] {
            if (!m_quiet) Q_EMIT valueCommitted(m_path, numberJson(m_spin->value()));
        });
        connect(m_slider, &QSlider::actionTriggered, this, [this](int action) {
            // Clicks on the groove and keyboard steps commit at once; drags commit on release.
            if (action != QAbstractSlider::SliderMove && !m_slider->isSliderDown())
                QMetaObject::invokeMethod(
                    this,
                    [this] {
                        if (!m_quiet) Q_EMIT valueCommitted(m_path, numberJson(m_spin->value()));
                    },
                    Qt::QueuedConnection);
        });
        connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this](double value) {
            if (m_quiet) return;
            {
                const QSignalBlocker block(m_slider);
                m_slider->setValue(sliderPosition(value));
            }
            Q_EMIT valueCommitted(m_path, numberJson(value));
        });
        break;
    }
    }
    if (parameter.spec->type == scenario::ParameterType::Choice)
        showValue(QString::fromStdString(nlohmann::json(parameter.choice).dump()));
    else if (parameter.value)
        showValue(QString::number(*parameter.value, 'g', 17));
    else
        showValue(QStringLiteral("null"));
}

int ParameterEditor::sliderPosition(double value) const {
    const double lo = m_spin->minimum(), hi = std::min(m_spec->sliderMax, m_spin->maximum());
    if (hi <= lo) return 0;
    double f;
    if (m_logScale)
        f = std::log1p(std::max(0.0, value - lo)) / std::log1p(hi - lo);
    else
        f = (value - lo) / (hi - lo);
    return static_cast<int>(std::lround(std::clamp(f, 0.0, 1.0) * kSliderSteps));
}

double ParameterEditor::sliderValue(int position) const {
    const double lo = m_spin->minimum(), hi = std::min(m_spec->sliderMax, m_spin->maximum());
    const double f = double(position) / kSliderSteps;
    double v = m_logScale ? lo + std::expm1(f * std::log1p(hi - lo)) : lo + f * (hi - lo);
    if (m_spec->type == scenario::ParameterType::Integer) v = std::round(v);
    return v;
}

QString ParameterEditor::numberJson(double value) const {
    if (m_spec->noneAllowed && value <= m_spin->minimum()) return QStringLiteral("null");
    if (m_spec->type == scenario::ParameterType::Integer || value == std::floor(value))
        return QString::number(static_cast<qlonglong>(std::llround(value)));
    return QString::number(value, 'g', 10);
}

void ParameterEditor::showValue(const QString& json) {
    m_quiet = true;
    nlohmann::json v;
    try {
        v = nlohmann::json::parse(json.toStdString());
    } catch (const nlohmann::json::parse_error&) {
        v = nullptr;
    }
    if (m_combo && v.is_string()) m_combo->setCurrentText(QString::fromStdString(v.get<std::string>()));
    if (m_check && v.is_boolean()) m_check->setChecked(v.get<bool>());
    if (m_spin) {
        const double value = v.is_number() ? v.get<double>() : m_spin->minimum();
        m_spin->setValue(value);
        m_slider->setValue(sliderPosition(value));
    }
    m_quiet = false;
}

bool ParameterEditor::isEditing() const {
    return (m_slider && m_slider->isSliderDown()) || (m_spin && m_spin->hasFocus()) ||
           (m_combo && m_combo->view()->isVisible());
}

void ParameterEditor::commitValue(double value) {
    if (m_spin) m_spin->setValue(value); // emits valueCommitted
    if (m_check) m_check->setChecked(value != 0);
}

} // namespace rl::ui
