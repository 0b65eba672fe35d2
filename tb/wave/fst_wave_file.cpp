#include "tb/wave/fst_wave_file.h"

#include <stdexcept>

#include "fstapi.h"

namespace aimc {

FstWaveFile::FstWaveFile(const std::string& path) : path_(path), ctx_(fstWriterCreate(path.c_str(), 1)) {
  if (!ctx_) throw std::runtime_error(path + ": cannot create the waveform file");
  fstWriterSetPackType(ctx_, FST_WR_PT_LZ4);
  fstWriterSetTimescaleFromString(ctx_, "1ps");
  fstWriterSetVersion(ctx_, "aimc");
}

FstWaveFile::~FstWaveFile() {
  if (ctx_) fstWriterClose(ctx_);
}

void FstWaveFile::push_scope(const std::string& name) {
  fstWriterSetScope(ctx_, FST_ST_VCD_MODULE, name.c_str(), nullptr);
}

void FstWaveFile::comment(const std::string& text) { fstWriterSetComment(ctx_, text.c_str()); }

void FstWaveFile::pop_scope() { fstWriterSetUpscope(ctx_); }

WaveVar FstWaveFile::add_var(const std::string& name, int bits) {
  const WaveVar v{int(handles_.size()), bits};
  const fstHandle h = bits == 0
                          ? fstWriterCreateVar(ctx_, FST_VT_GEN_STRING, FST_VD_IMPLICIT, 0, name.c_str(), 0)
                          : fstWriterCreateVar(ctx_, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, uint32_t(bits), name.c_str(), 0);
  handles_.push_back(h);
  return v;
}

void FstWaveFile::time(uint64_t t_ps) { fstWriterEmitTimeChange(ctx_, t_ps); }

void FstWaveFile::value(WaveVar v, uint64_t value) {
  bits_.resize(size_t(v.bits));
  write_bits(value, v.bits, bits_.data());
  fstWriterEmitValueChange(ctx_, handles_[size_t(v.id)], bits_.c_str());
}

void FstWaveFile::unknown(WaveVar v) {
  bits_.assign(size_t(v.bits), 'x');
  fstWriterEmitValueChange(ctx_, handles_[size_t(v.id)], bits_.c_str());
}

void FstWaveFile::text(WaveVar v, const std::string& s) {
  fstWriterEmitVariableLengthValueChange(ctx_, handles_[size_t(v.id)], s.data(), uint32_t(s.size()));
}

void FstWaveFile::close() {
  if (!ctx_) return;
  fstWriterClose(ctx_);
  ctx_ = nullptr;
  // fstWriterClose ignores write errors (a full disk, a target like /dev/full): read the file
  // back, as a viewer would, to learn whether it was written.
  void* reader = fstReaderOpen(path_.c_str());
  if (reader == nullptr) throw std::runtime_error(path_ + ": write error (the waveform cannot be read back)");
  fstReaderClose(reader);
}

}  // namespace aimc
